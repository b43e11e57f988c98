package dev.parley.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ParleyApplication {

    /**
     * One Netty event loop per core (Reactor Netty's default is at least 4): on a small machine the
     * extra loops only add wake-ups and context switches. {@code -Dreactor.netty.ioWorkerCount}
     * still decides.
     */
    static final String IO_WORKERS = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        if (System.getProperty(IO_WORKERS) == null) {
            System.setProperty(IO_WORKERS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        SpringApplication.run(ParleyApplication.class, args); // TracingSwitch: META-INF/spring.factories
    }
}
