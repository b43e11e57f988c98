package dev.parley.server.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly: a field takes only the JSON type it has (a string field a
 * string, an integer field an integer without fraction, a boolean field true or false), so {@code
 * {"title":true}} or {@code {"seq":1.5}} is {@code invalid_field} rather than "true" or 1; and the
 * body must be well-formed UTF-8 ({@link StrictJsonDecoder}).
 */
@Configuration(proxyBeanMethods = false)
class JsonStrictness {

    private static final CoercionInputShape[] SCALARS = {
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.Boolean,
        CoercionInputShape.String,
        CoercionInputShape.EmptyString
    };

    @Bean
    JsonMapperBuilderCustomizer noScalarCoercion() {
        return builder -> {
            builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
            refuseAllBut(builder, LogicalType.Textual, CoercionInputShape.String, CoercionInputShape.EmptyString);
            refuseAllBut(builder, LogicalType.Integer, CoercionInputShape.Integer);
            refuseAllBut(builder, LogicalType.Float, CoercionInputShape.Integer, CoercionInputShape.Float);
            refuseAllBut(builder, LogicalType.Boolean, CoercionInputShape.Boolean);
        };
    }

    private static void refuseAllBut(JsonMapper.Builder builder, LogicalType type, CoercionInputShape... own) {
        builder.withCoercionConfig(type, config -> {
            for (CoercionInputShape shape : SCALARS) {
                if (!java.util.List.of(own).contains(shape)) {
                    config.setCoercion(shape, CoercionAction.Fail);
                }
            }
        });
    }

    /** After Boot's own codec set-up, so this decoder is the one used. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    CodecCustomizer strictJsonDecoder(JsonMapper mapper) {
        return configurer -> configurer.defaultCodecs().jacksonJsonDecoder(new StrictJsonDecoder(mapper));
    }
}
