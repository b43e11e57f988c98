package dev.parley.server.realtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what well-behaved clients cannot send: text frames
 * that are not UTF-8, one frame per write, frames of any size. Frames are read back as they are.
 */
final class RawSocket implements AutoCloseable {

    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String closeReason() {
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    /** How the socket ended: by a close frame (with its code), or by the connection dropping (-1). */
    record Ending(int closeCode, String reason, List<Frame> before, boolean reset) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawSocket(int port, String token, String origin) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        String key = Base64.getEncoder().encodeToString("parley-raw-socket".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /ws?token=" + token + " HTTP/1.1\r\nHost: localhost:" + port
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                        + "\r\nSec-WebSocket-Version: 13\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line and headers of the handshake's answer. */
    String head() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked frame in one write (from any thread: frames never interleave). */
    synchronized void send(int opcode, byte[] payload) throws IOException {
        sendRaw(frame(0x80 | opcode, true, payload));
    }

    /** Sends bytes as they are: frames of any shape, or none. */
    synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A frame: {@code first} is its first byte (FIN, RSV bits and opcode); masked as clients must, or not. */
    static byte[] frame(int first, boolean masked, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(first);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(mask | payload.length);
        } else if (payload.length < 65536) {
            frame.write(mask | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        if (!masked) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        frame.write(key, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ key[i % 4]);
        }
        return frame.toByteArray();
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame the server sent. */
    Frame next() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new SocketException("closed by the server");
        }
        int second = in.read();
        long length = second & 0x7f;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        return new Frame(first & 0x0f, in.readNBytes((int) length));
    }

    /** Reads until the server's close frame (answering it) or the connection dropping. */
    Ending readToEnd() throws IOException {
        List<Frame> before = new ArrayList<>();
        while (true) {
            Frame f;
            try {
                f = next();
            } catch (SocketException e) {
                return new Ending(-1, String.valueOf(e.getMessage()), before, true);
            }
            if (f.opcode() == 0x8) {
                try {
                    send(0x8, f.payload()); // the client's half of the close handshake
                } catch (IOException e) {
                    return new Ending(f.closeCode(), f.closeReason() + " (then " + e.getMessage() + ")", before, true);
                }
                return new Ending(f.closeCode(), f.closeReason(), before, false);
            }
            before.add(f);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
