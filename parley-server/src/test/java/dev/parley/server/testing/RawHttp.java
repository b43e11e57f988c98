package dev.parley.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket, for requests no well-behaved client sends: any method, any
 * bytes in the request line and headers, bodies whose framing lies. Keeps its connection alive
 * between requests unless the server (or the request) closes it.
 */
public final class RawHttp implements AutoCloseable {

    /** An answer; header names in lower case (the last of repeated headers). */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * No answer came on a kept-alive connection after an earlier exchange on it. Reactor Netty
     * 1.3.8 can stall so when a request arrives just as it finishes the previous one, most often a
     * request that asks to close the connection (upstream, like reactor/reactor-netty#4188 and
     * #4361); the same request on a new connection is answered. Requests that ask to close go on a
     * new connection for that reason.
     */
    public static final class StalledKeepAlive extends IOException {
        StalledKeepAlive(String previous, IOException cause) {
            super("no answer on a kept-alive connection that before served: " + previous, cause);
        }
    }

    private final int port;
    private String previous;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends the request as it is and reads the answer (after any 1xx). {@code head}: the request
     * was a HEAD, so the answer has no body whatever its headers say. Null when the server closed
     * the connection without answering.
     */
    public Response exchange(byte[] request, boolean head) throws IOException {
        if (socket != null && containsClose(request)) {
            close(); // the upstream stall below is most likely then
        }
        boolean reused = socket != null;
        if (!reused) {
            open();
        }
        Response response;
        String previous = this.previous;
        this.previous = new String(request, 0, Math.min(request.length, 120), StandardCharsets.ISO_8859_1);
        try {
            response = send(request, head);
        } catch (IOException e) {
            if (!reused) {
                throw e;
            }
            if (e instanceof java.net.SocketTimeoutException) {
                throw new StalledKeepAlive(previous, e);
            }
            response = null;
        }
        if (response == null && reused) {
            // the server had closed the idle connection: the request never reached it
            close();
            open();
            response = send(request, head);
        }
        if (response == null
                || response.status() == 101 // no longer HTTP
                || "close".equalsIgnoreCase(response.header("connection"))
                || containsClose(request)) {
            close();
        }
        return response;
    }

    private Response send(byte[] request, boolean head) throws IOException {
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            // the server may answer and close before it has read everything (a refused body)
        }
        try {
            Response response;
            do {
                response = read(head);
            } while (response != null && response.status() < 200 && response.status() != 101);
            return response;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
        out = socket.getOutputStream();
    }

    private Response read(boolean head) throws IOException {
        String status = line();
        if (status == null) {
            return null;
        }
        if (!status.startsWith("HTTP/") || status.length() < 12) {
            throw new IOException("not an HTTP status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        byte[] body;
        if (head || code < 200 || code == 204 || code == 304) { // 101: what follows is not HTTP
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
            headers.put("connection", "close");
        }
        return new Response(code, headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new EOFException("the connection ended inside a chunked body");
            }
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (length == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(length));
            line();
        }
    }

    /** A line without its CRLF; null at the end of the stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean containsClose(byte[] request) {
        String head = new String(request, 0, Math.min(request.length, 16_384), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        int end = head.indexOf("\r\n\r\n");
        return (end < 0 ? head : head.substring(0, end)).contains("\r\nconnection: close");
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
