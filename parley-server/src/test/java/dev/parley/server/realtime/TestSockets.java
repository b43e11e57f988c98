package dev.parley.server.realtime;

import java.util.Map;

/** Real WebSocket connections for tests outside this package. */
public final class TestSockets {

    private TestSockets() {}

    /** A connection that resumed (follows the user's chats). */
    public static Socket live(int port, String token) {
        return new Socket(WsClient.live(port, token, Map.of()));
    }

    public static final class Socket implements AutoCloseable {
        private final WsClient client;

        private Socket(WsClient client) {
            this.client = client;
        }

        /** Sends a message over the socket and waits for its ack. */
        public Map<String, Object> sendAndAwaitAck(long chatId, String text, String clientMsgId) {
            client.send(Map.of(
                    "type", "send", "id", clientMsgId, "chatId", chatId, "text", text, "clientMsgId", clientMsgId));
            return client.awaitMatching(
                    f -> "ack".equals(f.get("type")) && clientMsgId.equals(f.get("id")), new java.util.ArrayList<>());
        }

        /** Waits for the next message_created frame. */
        public Map<String, Object> awaitMessage() {
            return client.await("message_created");
        }

        public void sendBinary() {
            client.sendBinary(new byte[] {1});
            client.awaitClose();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
