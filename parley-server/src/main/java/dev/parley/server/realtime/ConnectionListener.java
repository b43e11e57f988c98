package dev.parley.server.realtime;

import org.springframework.web.reactive.socket.CloseStatus;

/** What a {@link Connection} reports, for metrics; {@link #NONE} reports nothing. */
interface ConnectionListener {

    void frameOut();

    void overflowed();

    void closed(CloseStatus status);

    ConnectionListener NONE = new ConnectionListener() {
        @Override
        public void frameOut() {}

        @Override
        public void overflowed() {}

        @Override
        public void closed(CloseStatus status) {}
    };
}
