package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.chat.EventKind;
import dev.parley.server.api.ApiTest;
import dev.parley.server.realtime.protocol.Command;
import dev.parley.server.realtime.protocol.CommandParser;
import dev.parley.server.realtime.protocol.Frame;
import dev.parley.server.realtime.protocol.ProtocolException;
import dev.parley.server.web.Enums;
import java.lang.reflect.Constructor;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/** The served AsyncAPI document parses and names exactly the frame types the code handles and sends. */
class AsyncApiDocumentTest extends ApiTest {

    @Test
    void theDocumentIsServedParsesAndNamesEveryCommandAndFrame() throws Exception {
        String yaml = http.get()
                .uri("/asyncapi")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("application/yaml")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Map<String, Object> document = new Yaml().load(yaml);

        assertThat(document).containsEntry("asyncapi", "3.0.0");
        Map<String, Object> messages = map(map(document.get("components")).get("messages"));
        Set<String> received = typesOf(messages, operationMessages(document, "receiveCommands"));
        Set<String> sent = typesOf(messages, operationMessages(document, "sendFrames"));

        assertThat(received).containsExactlyInAnyOrderElementsOf(commandTypes());
        assertThat(sent).containsExactlyInAnyOrderElementsOf(frameTypes());
    }

    /** Command types, from the sealed interface, each of which the parser must know. */
    private static Set<String> commandTypes() {
        CommandParser parser = new CommandParser(JsonMapper.builder().build());
        Set<String> types = new HashSet<>();
        for (Class<?> type : Command.class.getPermittedSubclasses()) {
            String name = type.getSimpleName().toLowerCase(Locale.ROOT);
            try {
                parser.parse("{\"type\":\"" + name + "\"}");
            } catch (ProtocolException e) {
                assertThat(e.code()).as("the parser handles '" + name + "'").isNotEqualTo("unknown_type");
            }
            types.add(name);
        }
        return types;
    }

    /** Frame types, from the sealed interface: stream events by event kind, the rest by instance. */
    private static Set<String> frameTypes() throws Exception {
        Set<String> types = new HashSet<>();
        for (EventKind kind : EventKind.values()) {
            types.add(Enums.wire(kind));
        }
        for (Class<?> type : Frame.class.getPermittedSubclasses()) {
            if (type == Frame.MessageEvent.class
                    || type == Frame.MemberEvent.class
                    || type == Frame.ReactionEvent.class) {
                continue;
            }
            if (type == Frame.Ack.class) {
                types.add(Frame.Ack.of("x").type());
                continue;
            }
            int components = type.getRecordComponents().length;
            Constructor<?> convenience = List.of(type.getConstructors()).stream()
                    .filter(c -> c.getParameterCount() == components - 1)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(type + " has no constructor that fixes its type"));
            Object[] args = new Object[convenience.getParameterCount()];
            Class<?>[] params = convenience.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = params[i] == long.class
                        ? 0L
                        : params[i] == int.class ? 0 : params[i] == boolean.class ? false : null;
            }
            types.add(((Frame) convenience.newInstance(args)).type());
        }
        return types;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> operationMessages(Map<String, Object> document, String operation) {
        return (List<Map<String, Object>>)
                map(map(document.get("operations")).get(operation)).get("messages");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> typesOf(Map<String, Object> messages, List<Map<String, Object>> refs) {
        Set<String> types = new HashSet<>();
        for (Map<String, Object> ref : refs) {
            String name = ((String) ref.get("$ref")).replace("#/channels/socket/messages/", "");
            Map<String, Object> payload = map(map(messages.get(name)).get("payload"));
            List<Map<String, Object>> parts =
                    payload.containsKey("allOf") ? (List<Map<String, Object>>) payload.get("allOf") : List.of(payload);
            String constant = parts.stream()
                    .map(p -> (Map<String, Object>) p.get("properties"))
                    .filter(p -> p != null && p.get("type") instanceof Map)
                    .map(p -> (String) map(p.get("type")).get("const"))
                    .filter(c -> c != null)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no type constant"));
            types.add(constant);
        }
        return types;
    }
}
