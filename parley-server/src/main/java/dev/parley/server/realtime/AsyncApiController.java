package dev.parley.server.realtime;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the AsyncAPI 3 description of the WebSocket protocol. */
@RestController
class AsyncApiController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private final Resource document = new ClassPathResource("asyncapi.yaml");

    @GetMapping({"/asyncapi", "/asyncapi.yaml"})
    ResponseEntity<Resource> asyncApi() {
        return ResponseEntity.ok().contentType(YAML).body(document);
    }
}
