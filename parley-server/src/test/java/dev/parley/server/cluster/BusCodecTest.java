package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.delivery.BusMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every kind of bus message survives the trip between nodes, frame bytes untouched. */
class BusCodecTest {

    private static final byte[] FRAME = "{\"type\":\"x\",\"text\":\"é\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyKindOfMessageIsDecodedAsItWasEncoded() {
        List<BusMessage> all = List.of(
                new BusMessage.StreamEvent(3, 9, 12L, true, false, FRAME, 12345),
                new BusMessage.StreamEvent(3, 10, null, false, true, FRAME, 0),
                new BusMessage.ChatSignal(3, Set.of(1L, 2L), FRAME),
                new BusMessage.ChatSignal(3, null, FRAME),
                new BusMessage.UserSignal(Set.of(5L), 3L, 10, FRAME),
                new BusMessage.UserSignal(Set.of(5L), null, 0, FRAME),
                new BusMessage.SessionEnded(5, "family-1"));

        for (BusMessage m : all) {
            BusCodec.Decoded d = BusCodec.decode(BusCodec.encode("node-a", m));
            assertThat(d.node()).isEqualTo("node-a");
            assertThat(d.message().getClass()).isEqualTo(m.getClass());
            assertThat(d.message().frame()).isEqualTo(m.frame());
            assertThat(d.message().topics()).isEqualTo(m.topics());
        }
        BusMessage.StreamEvent e = (BusMessage.StreamEvent)
                BusCodec.decode(BusCodec.encode("n", all.get(0))).message();
        assertThat(e.subjectUserId()).isEqualTo(12L);
        assertThat(e.joined()).isTrue();
        assertThat(e.receivedNanos())
                .as("another process's clock is not carried")
                .isZero();
        assertThat(BusCodec.decode(BusCodec.encode("n", all.get(6))).message()).isEqualTo(all.get(6));
    }

    @Test
    void aUserSignalForSeveralUsersIsRefusedAndAnUnknownFormatToo() {
        assertThatThrownBy(() -> BusCodec.encode("n", new BusMessage.UserSignal(Set.of(1L, 2L), null, 0, FRAME)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] payload = BusCodec.encode("n", new BusMessage.SessionEnded(1, "s"));
        payload[0] = 9;
        assertThatThrownBy(() -> BusCodec.decode(payload)).hasMessageContaining("format 9");
    }
}
