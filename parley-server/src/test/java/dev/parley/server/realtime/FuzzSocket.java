package dev.parley.server.realtime;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * One fuzzing connection on a {@link RawSocket}: it answers the server's heartbeat pings, checks
 * every frame the server sends against the documentation (its type, an error's code, the close
 * code) and hands each to the fuzzer, and counts the commands it sent against the rate limit.
 */
final class FuzzSocket implements AutoCloseable {

    /** What the documentation allows the server to send. */
    record Documented(Set<String> frameTypes, Set<String> errorCodes, Set<Integer> closeCodes) {}

    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(10);

    private final RawSocket socket;
    private final JsonMapper json;
    private final Documented documented;
    private final Consumer<String> failures;
    private final Consumer<Map<String, Object>> frames;
    private String context = "opening";
    private final List<String> history = new ArrayList<>();
    int commands;
    /** The server's close code once it closed (-1: the connection dropped without one); 0 while open. */
    int closeCode;

    String closeReason = "";

    FuzzSocket(
            int port,
            String token,
            JsonMapper json,
            Documented documented,
            Consumer<String> failures,
            Consumer<Map<String, Object>> frames)
            throws IOException {
        this.json = json;
        this.documented = documented;
        this.failures = failures;
        this.frames = frames;
        this.socket = new RawSocket(port, token, null);
        String head = socket.head();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("the handshake was refused: " + head);
        }
        Map<String, Object> ready = next();
        if (ready == null || !"ready".equals(ready.get("type"))) {
            throw new IOException("no ready frame but " + ready);
        }
    }

    boolean isOpen() {
        return closeCode == 0;
    }

    /** What a failure message says the socket was doing. */
    void context(String context) {
        this.context = context;
        if (history.size() == 40) {
            history.remove(0);
        }
        history.add(context.length() > 160 ? context.substring(0, 160) + "…" : context);
    }

    void write(byte[] wire, int commands) throws IOException {
        this.commands += commands;
        try {
            socket.sendRaw(wire);
        } catch (SocketException e) {
            // the server closed meanwhile: reading says how
        }
    }

    void command(String text) throws IOException {
        write(RawSocket.frame(0x81, true, text.getBytes(StandardCharsets.UTF_8)), 1);
    }

    /**
     * The next JSON frame (heartbeat pings answered on the way), or null once the server closed;
     * every frame is checked and handed on.
     */
    Map<String, Object> next() throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (isOpen()) {
            if (System.nanoTime() > deadline) {
                failures.accept("the server sent nothing but heartbeats for " + WAIT.toSeconds() + " s while " + context
                        + "\n    earlier on this connection:\n      " + String.join("\n      ", history));
                closeCode = -1;
                return null;
            }
            RawSocket.Frame f;
            try {
                f = socket.next();
            } catch (SocketTimeoutException e) {
                failures.accept("the server sent nothing for 20 s while " + context);
                closeCode = -1;
                return null;
            } catch (SocketException e) {
                failures.accept("the connection dropped without a close frame while " + context + ": " + e);
                closeCode = -1;
                return null;
            }
            switch (f.opcode()) {
                case 0x9 -> {
                    try {
                        socket.send(0xA, f.payload());
                    } catch (IOException e) {
                        // closing meanwhile
                    }
                }
                case 0xA -> {
                    // a pong to nothing of ours: ignored
                }
                case 0x8 -> {
                    closeCode = f.closeCode();
                    closeReason = f.closeReason();
                    if (!documented.closeCodes().contains(closeCode)) {
                        failures.accept("closed with " + closeCode + " '" + closeReason
                                + "', which docs/protocol.md does not list, while " + context);
                    }
                    try {
                        socket.send(0x8, f.payload()); // the client's half of the close handshake
                    } catch (IOException e) {
                        // the server may have closed already
                    }
                    return null;
                }
                case 0x1 -> {
                    Map<String, Object> frame = json.readValue(f.payload(), Map.class);
                    check(frame);
                    frames.accept(frame);
                    return frame;
                }
                default -> failures.accept("a frame of opcode " + f.opcode() + " while " + context);
            }
        }
        return null;
    }

    /** Frames up to the {@code pong} answering {@code id}; the list ends early when the server closed. */
    List<Map<String, Object>> until(String pongId) throws IOException {
        List<Map<String, Object>> seen = new ArrayList<>();
        for (Map<String, Object> frame = next(); frame != null; frame = next()) {
            if ("pong".equals(frame.get("type")) && pongId.equals(frame.get("id"))) {
                return seen;
            }
            seen.add(frame);
        }
        return seen;
    }

    private void check(Map<String, Object> frame) {
        Object type = frame.get("type");
        if (!documented.frameTypes().contains(type)) {
            failures.accept("a frame of type '" + type + "', which the AsyncAPI document does not list, while "
                    + context + ": " + frame);
        }
        if ("error".equals(type) && !documented.errorCodes().contains(frame.get("code"))) {
            failures.accept("an error '" + frame.get("code") + "', which docs/protocol.md does not list, while "
                    + context + ": " + frame);
        }
    }

    /** Ends the connection politely: a close frame, then the server's (frames before it still checked). */
    @Override
    public void close() {
        try {
            if (isOpen()) {
                context = "closing";
                socket.send(0x8, new byte[] {0x03, (byte) 0xE8});
                while (next() != null) {
                    // frames still under way
                }
            }
        } catch (IOException e) {
            // gone already
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // closed
            }
        }
    }
}
