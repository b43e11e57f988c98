package dev.parley.server.ops;

import dev.parley.server.web.Problem;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.net.URI;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The OpenAPI document at /openapi (generated from the controllers) and Swagger UI at /swagger:
 * bearer authentication, and the problem+json answers every operation can give.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    private static final String BEARER = "bearer";

    @Bean
    OpenAPI parleyOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Parley REST API")
                        .version("v1")
                        .description("Accounts, chats, messages, history and search. Live events come over the"
                                + " WebSocket at /ws, described by the AsyncAPI document at /asyncapi. Every error"
                                + " is application/problem+json with a stable `code`."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Adds the Problem schema and a 4XX/5XX problem+json answer to every operation. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            var schemas = ModelConverters.getInstance().read(Problem.class);
            schemas.forEach(openApi.getComponents()::addSchemas);
            Schema<?> ref = new Schema<>().$ref("#/components/schemas/Problem");
            Content problem = new Content().addMediaType("application/problem+json", new MediaType().schema(ref));
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(operation -> {
                        operation
                                .getResponses()
                                .addApiResponse(
                                        "4XX",
                                        new ApiResponse()
                                                .description(
                                                        "The request was refused; `code` says why (see docs/api.md)")
                                                .content(problem));
                        operation
                                .getResponses()
                                .addApiResponse(
                                        "5XX",
                                        new ApiResponse()
                                                .description(
                                                        "internal_error, or store_unavailable when the database does not answer")
                                                .content(problem));
                        if (operation.getOperationId() != null && isPublic(operation.getOperationId())) {
                            operation.setSecurity(java.util.List.of());
                        }
                    }));
        };
    }

    private static boolean isPublic(String operationId) {
        return operationId.startsWith("register")
                || operationId.startsWith("login")
                || operationId.startsWith("refresh")
                || operationId.startsWith("logout")
                || operationId.startsWith("asyncApi");
    }

    /** /swagger/index.html leads to the UI as /swagger does. */
    @Bean
    RouterFunction<ServerResponse> swaggerIndex() {
        return RouterFunctions.route()
                .GET(
                        "/swagger/index.html",
                        request -> ServerResponse.temporaryRedirect(URI.create("/swagger-ui/index.html"))
                                .build())
                .build();
    }
}
