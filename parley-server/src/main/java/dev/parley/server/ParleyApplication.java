package dev.parley.server;

import dev.parley.server.ops.TracingSwitch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ParleyApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ParleyApplication.class);
        app.addListeners(new TracingSwitch());
        app.run(args);
    }
}
