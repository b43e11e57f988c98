package dev.parley.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 in front of a real service (PostgreSQL, Redis), for outage tests that
 * must not touch the machine's own service: {@link #cut()} drops every relayed connection and
 * refuses new ones, as a stopped service or a blocked port would; {@link #restore()} lets them in
 * again.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private final int port;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket first = bindOutsideEphemeralRange();
        this.port = first.getLocalPort();
        accept(first);
    }

    /** The port clients connect to instead of the service's. */
    public int port() {
        return port;
    }

    /** Drops every relayed connection and stops listening: new connections are refused. */
    public synchronized void cut() throws IOException {
        ServerSocket l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** True between {@link #cut()} and {@link #restore()}. */
    public boolean isCut() {
        return listener == null;
    }

    /**
     * Listens again on the same port; retries for a few seconds while the port is still held by
     * a relayed connection that {@link #cut()} closed but the kernel has not yet let go of.
     */
    public synchronized void restore() throws IOException {
        if (listener != null || closed) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                accept(bind(port));
                return;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * A port below Linux's ephemeral range (32768 and up): while the relay is cut, the kernel could
     * give its number to an outgoing connection (a client reconnecting), and it could not be bound
     * again on {@link #restore()}.
     */
    private static ServerSocket bindOutsideEphemeralRange() throws IOException {
        java.util.Random random = new java.util.Random();
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                return bind(15_000 + random.nextInt(17_000));
            } catch (IOException e) {
                last = e; // taken: another
            }
        }
        throw last;
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket server) {
        listener = server;
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            relay(server, client);
                        } catch (IOException e) {
                            return; // closed by cut() or close()
                        }
                    }
                },
                "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void relay(ServerSocket server, Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (listener != server) { // cut while this one was being accepted
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                        }
                    } catch (SocketException e) {
                        // cut, or the other side went away
                    } catch (IOException e) {
                        // same
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        cut();
    }
}
