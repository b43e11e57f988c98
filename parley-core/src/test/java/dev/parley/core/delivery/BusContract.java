package dev.parley.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.RecordingReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Bus} guarantees on one node. {@link ClusterBusContract} adds what a bus between
 * nodes guarantees.
 */
public abstract class BusContract {

    protected final List<Bus> opened = new ArrayList<>();
    protected Bus bus;
    protected RecordingReceiver receiver;

    /** A new bus (a node), started by the test with its receiver; closed after each test. */
    protected abstract Bus open() throws Exception;

    @BeforeEach
    void openBus() throws Exception {
        receiver = new RecordingReceiver();
        bus = started(receiver);
    }

    protected Bus started(RecordingReceiver r) throws Exception {
        Bus b = open();
        opened.add(b);
        b.start(r);
        return b;
    }

    @AfterEach
    void closeBuses() {
        opened.forEach(Bus::close);
    }

    protected static BusMessage.StreamEvent event(long chatId, long seq) {
        return new BusMessage.StreamEvent(chatId, seq, null, false, frame("m" + seq));
    }

    protected static byte[] frame(String text) {
        return ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    protected static void live(Bus b, Topic topic) throws Exception {
        b.listen(topic).toCompletableFuture().get(RecordingReceiver.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    protected static boolean isEvent(BusMessage m, long chatId, long seq) {
        return m instanceof BusMessage.StreamEvent e && e.chatId() == chatId && e.seq() == seq;
    }

    @Test
    void aMessagePublishedHereReachesThisNodesReceiverBeforePublishReturns() throws Exception {
        live(bus, Topic.chat(1));
        BusMessage.StreamEvent e = event(1, 1);

        bus.publish(e);

        assertThat(receiver.drain()).containsExactly(e);
    }

    @Test
    void messagesOfTopicsNotListenedToAreNotDelivered() throws Exception {
        live(bus, Topic.chat(1));

        bus.publish(event(2, 1));
        bus.publish(new BusMessage.UserSignal(Set.of(7L), null, 0, frame("presence")));
        bus.publish(event(1, 1));

        assertThat(receiver.until(m -> isEvent(m, 1, 1))).isEmpty();
    }

    @Test
    void aMessageWithSeveralListenedTopicsIsDeliveredHereOnce() throws Exception {
        live(bus, Topic.chat(1));
        live(bus, Topic.user(5));
        BusMessage.StreamEvent joined = new BusMessage.StreamEvent(1, 1, 5L, true, frame("joined"));

        bus.publish(joined);
        bus.publish(event(1, 2));

        assertThat(receiver.until(m -> isEvent(m, 1, 2))).containsExactly(joined);
    }

    @Test
    void afterUnlistenATopicsMessagesStopComing() throws Exception {
        live(bus, Topic.chat(1));
        live(bus, Topic.chat(2));
        bus.unlisten(Topic.chat(1));

        bus.publish(event(1, 1));
        bus.publish(event(2, 1));

        assertThat(receiver.until(m -> isEvent(m, 2, 1))).isEmpty();
    }

    @Test
    void signalsReachTheirTopics() throws Exception {
        live(bus, Topic.chat(1));
        live(bus, Topic.user(9));
        BusMessage.ChatSignal typing = new BusMessage.ChatSignal(1, null, frame("typing"));
        BusMessage.UserSignal presence = new BusMessage.UserSignal(Set.of(9L), null, 0, frame("presence"));

        bus.publish(typing);
        bus.publish(presence);
        bus.publish(event(1, 1));

        List<BusMessage> got = receiver.until(m -> isEvent(m, 1, 1));
        assertThat(got).hasSize(2);
        assertThat(got.get(0).frame()).isEqualTo(typing.frame());
        assertThat(got.get(1).frame()).isEqualTo(presence.frame());
        assertThat(((BusMessage.UserSignal) got.get(1)).userIds()).contains(9L);
    }
}
