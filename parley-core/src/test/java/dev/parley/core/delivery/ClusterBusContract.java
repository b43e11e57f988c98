package dev.parley.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.RecordingReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a bus between nodes guarantees, on top of {@link BusContract}: each test opens several
 * nodes on one medium, and can cut a node off from it and let it back.
 *
 * <p>To show that something does not arrive, a test publishes a barrier after it from the same
 * node and waits for the barrier: the bus keeps one publisher's order on a topic, and the tests
 * rely on a node receiving one publisher's messages in order across topics too (Redis does).
 */
public abstract class ClusterBusContract extends BusContract {

    /** Cuts the node off the medium (its connections drop, new ones are refused). */
    protected abstract void cutOff(Bus node) throws Exception;

    /** Lets a node that was cut off back. */
    protected abstract void restore(Bus node) throws Exception;

    @Test
    void aMessageReachesEveryOtherListeningNodeOnce() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        RecordingReceiver c = new RecordingReceiver();
        live(started(b), Topic.chat(1));
        live(started(c), Topic.chat(1));
        BusMessage.StreamEvent e = event(1, 1);

        bus.publish(e);
        bus.publish(event(1, 2));

        for (RecordingReceiver r : List.of(b, c)) {
            List<BusMessage> got = r.until(m -> isEvent(m, 1, 2));
            assertThat(got).hasSize(1);
            BusMessage.StreamEvent arrived = (BusMessage.StreamEvent) got.get(0);
            assertThat(arrived.seq()).isEqualTo(1);
            assertThat(arrived.frame()).isEqualTo(e.frame());
            assertThat(arrived.receivedNanos())
                    .as("another process's clock means nothing here")
                    .isZero();
        }
    }

    @Test
    void aNodeNotListeningToATopicReceivesNothingOfIt() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        live(started(b), Topic.chat(2));

        bus.publish(event(1, 1));
        bus.publish(new BusMessage.ChatSignal(1, null, frame("typing")));
        bus.publish(event(2, 1));

        assertThat(b.until(m -> isEvent(m, 2, 1))).isEmpty();
    }

    @Test
    void aNodeDoesNotReceiveItsOwnMessagesASecondTime() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        Bus other = started(b);
        live(bus, Topic.chat(1));
        live(other, Topic.chat(1));

        bus.publish(event(1, 1));
        assertThat(b.next()).matches(m -> isEvent(m, 1, 1)); // the medium has it: a copy for us would be next
        other.publish(event(1, 2));

        assertThat(receiver.until(m -> isEvent(m, 1, 2)))
                .extracting(m -> ((BusMessage.StreamEvent) m).seq())
                .containsExactly(1L);
    }

    @Test
    void onePublishersMessagesOnATopicArriveInOrder() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        live(started(b), Topic.chat(1));

        for (long seq = 1; seq <= 200; seq++) {
            bus.publish(event(1, seq));
        }

        List<BusMessage> got = b.until(m -> isEvent(m, 1, 200));
        assertThat(got)
                .extracting(m -> ((BusMessage.StreamEvent) m).seq())
                .isSorted()
                .hasSize(199);
    }

    @Test
    void aSignalForSeveralUsersReachesEachUsersNodeForThatUserOnly() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        RecordingReceiver c = new RecordingReceiver();
        Bus nodeB = started(b);
        Bus nodeC = started(c);
        live(nodeB, Topic.user(10));
        live(nodeB, Topic.chat(1));
        live(nodeC, Topic.user(20));
        live(nodeC, Topic.chat(1));

        bus.publish(new BusMessage.UserSignal(Set.of(10L, 20L, 30L), null, 0, frame("presence")));
        bus.publish(event(1, 1));

        List<BusMessage> atB = b.until(m -> isEvent(m, 1, 1));
        List<BusMessage> atC = c.until(m -> isEvent(m, 1, 1));
        assertThat(atB).hasSize(1);
        assertThat(((BusMessage.UserSignal) atB.get(0)).userIds()).containsExactly(10L);
        assertThat(atC).hasSize(1);
        assertThat(((BusMessage.UserSignal) atC.get(0)).userIds()).containsExactly(20L);
    }

    @Test
    void aSessionsEndReachesEveryNode() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        Bus nodeB = started(b);
        live(nodeB, Topic.nodes());
        live(nodeB, Topic.chat(1));

        bus.publish(new BusMessage.SessionEnded(7, "session-7"));
        bus.publish(event(1, 1));

        List<BusMessage> got = b.until(m -> isEvent(m, 1, 1));
        assertThat(got).containsExactly(new BusMessage.SessionEnded(7, "session-7"));
    }

    @Test
    void aMemberJoiningIsToldOnTheirOwnTopicToo() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        Bus nodeB = started(b);
        live(nodeB, Topic.user(5)); // follows nothing of chat 3 yet
        live(nodeB, Topic.chat(1));

        bus.publish(new BusMessage.StreamEvent(3, 7, 5L, true, frame("member_added")));
        bus.publish(event(1, 1));

        List<BusMessage> got = b.until(m -> isEvent(m, 1, 1));
        assertThat(got).hasSize(1);
        assertThat(((BusMessage.StreamEvent) got.get(0)).subjectUserId()).isEqualTo(5L);
    }

    @Test
    void aNodeCutOffIsToldAndItsTopicsAreLiveAgainWhenItIsBack() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        Bus nodeB = started(b);
        live(nodeB, Topic.chat(1));
        b.awaitListening(Topic.chat(1));

        cutOff(nodeB);
        b.awaitConnected(false);
        restore(nodeB);
        b.awaitConnected(true);
        b.awaitListening(Topic.chat(1));
        bus.publish(event(1, 1));

        assertThat(b.next()).matches(m -> isEvent(m, 1, 1));
    }

    @Test
    void topicsWantedWhileCutOffAreSubscribedWhenBackAndDroppedOnesStayDropped() throws Exception {
        RecordingReceiver b = new RecordingReceiver();
        Bus nodeB = started(b);
        live(nodeB, Topic.chat(1));
        live(nodeB, Topic.chat(3));

        cutOff(nodeB);
        b.awaitConnected(false);
        CompletableFuture<Void> wanted = nodeB.listen(Topic.chat(2)).toCompletableFuture();
        nodeB.unlisten(Topic.chat(3));
        restore(nodeB);
        wanted.get(RecordingReceiver.WAIT.toSeconds(), TimeUnit.SECONDS);
        b.awaitListening(Topic.chat(1));

        List<Long> chats = new ArrayList<>();
        bus.publish(event(3, 1));
        bus.publish(event(2, 1));
        bus.publish(event(1, 1));
        for (BusMessage m : b.until(m -> isEvent(m, 1, 1))) {
            chats.add(((BusMessage.StreamEvent) m).chatId());
        }
        assertThat(chats).containsExactly(2L);
    }
}
