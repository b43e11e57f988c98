package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * One soak user's WebSocket, following every soak chat, behaving as a real client: it resumes from
 * the last seq it has of each chat on every (re)connect, reads a {@code refetch} range over REST
 * (holding live frames behind it), sends with a clientMsgId and, when the connection goes before
 * the ack, sends again over REST with the same clientMsgId, and hands the socket each fresh token.
 *
 * <p>Each chat has one {@link Ledger} for the client's whole life, across its connections: what
 * the server delivers over all of them must be the chat's seqs once each and in order. A socket
 * the server closes (any close the client did not ask for) is an error; the client reconnects.
 */
final class SoakClient implements Consumer<String> {

    /**
     * What the clients share. Reconnects and refetches run on executors of their own: a reconnect
     * waits for its client's refetch to finish.
     */
    record Context(
            Run run,
            SoakOps ops,
            SoakTally tally,
            ExecutorService reconnects,
            ExecutorService fetchers,
            Duration timeout) {}

    private record Pending(long chatId, String clientMsgId, String text) {}

    /** Sends of one connection waiting for their ack, at most; more are not sent on this one. */
    private static final int MAX_PENDING = 50;

    final SoakOps.Account account;
    private final Context context;
    private final Map<Long, Ledger> ledgers = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private ArrayDeque<String> waiting; // frames behind a refetch under way; null when none
    private Socket socket;
    private Socket leaving; // the socket this client is closing itself
    private boolean reconnecting;
    private boolean stopped;
    private long commands;

    /** {@code firstSeqs}: chat id to the first seq the soak will send there. */
    SoakClient(Context context, SoakOps.Account account, Map<Long, Long> firstSeqs) {
        this.context = context;
        this.account = account;
        firstSeqs.forEach((chatId, first) -> ledgers.put(chatId, new Ledger(first)));
    }

    synchronized Socket connect() {
        return open();
    }

    /** Opens a socket resuming every chat from the last seq this client has. */
    private Socket open() {
        StringBuilder chats = new StringBuilder("{");
        ledgers.forEach((chatId, ledger) -> chats.append(chats.length() > 1 ? "," : "")
                .append('"')
                .append(chatId)
                .append("\":")
                .append(ledger.last()));
        Socket opened = context.run().open(account.access(), chats.append('}').toString(), this);
        socket = opened;
        opened.closed.thenRun(() -> closed(opened)); // last: a socket that failed at once calls back here
        opened.resumed
                .orTimeout(context.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> {
                    if (error instanceof TimeoutException) {
                        context.tally()
                                .error("resume", account.username + ": no 'resumed' within " + context.timeout());
                    }
                });
        return opened;
    }

    synchronized boolean connected() {
        return !reconnecting
                && !stopped
                && socket != null
                && socket.resumed.isDone()
                && !socket.resumed.isCompletedExceptionally();
    }

    /** Sends a message over the socket; false when not connected, or too many sends wait for their ack. */
    synchronized boolean send(long chatId, String text) {
        if (!connected() || pending.size() >= MAX_PENDING) {
            return false;
        }
        String id = "w" + ++commands;
        String clientMsgId = account.username + "-" + id;
        pending.put(id, new Pending(chatId, clientMsgId, text));
        socket.send(Frames.send(id, chatId, text, clientMsgId));
        context.tally().op("ws-send");
        return true;
    }

    /** Gives the open socket the account's current token (the {@code auth} command). */
    synchronized void authenticate() {
        if (connected()) {
            socket.send("{\"type\":\"auth\",\"id\":\"a" + ++commands + "\",\"token\":\"" + account.access() + "\"}");
        }
    }

    synchronized int pendingSends() {
        return pending.size();
    }

    /** Whether the client has everything up to {@code lastSeq} of each chat. */
    synchronized boolean caughtUp(Map<Long, Long> lastSeqs) {
        return waiting == null
                && lastSeqs.entrySet().stream()
                        .allMatch(e -> ledgers.get(e.getKey()).last() >= e.getValue());
    }

    synchronized Map<Long, Ledger> ledgers() {
        return Map.copyOf(ledgers);
    }

    /** From now on a closed socket is the run's end, not an error. */
    synchronized void stop() {
        stopped = true;
    }

    /**
     * Drops the connection (with a close frame, or by cutting the TCP connection), stays away, then
     * reconnects and resumes. Runs on a worker thread; does nothing while a reconnect is under way.
     */
    void reconnect(Duration away, boolean gracefully) {
        Socket old;
        synchronized (this) {
            if (reconnecting || stopped || socket == null) {
                return;
            }
            reconnecting = true;
            old = socket;
            leaving = old;
        }
        context.tally().op("reconnect");
        if (gracefully) {
            old.closeGracefully();
        } else {
            old.close();
        }
        comeBack(old, away);
    }

    /** A socket closed: unless the client closed it itself, an error, and the client comes back. */
    private void closed(Socket closed) {
        synchronized (this) {
            if (closed != socket || closed == leaving || stopped) {
                return;
            }
            reconnecting = true;
            leaving = closed;
        }
        context.tally()
                .error(
                        "socket",
                        account.username + ": the connection closed (close code " + closed.closed.getNow(-1)
                                + ", -1: none)");
        context.reconnects().execute(() -> comeBack(closed, Duration.ofSeconds(1)));
    }

    /**
     * Once the old socket is gone and no refetch is under way (the cursors are final), sends what
     * went unacknowledged again over REST, waits {@code away}, and opens a socket that resumes.
     */
    private void comeBack(Socket old, Duration away) {
        try {
            old.closed.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!Run.await(this::idle, context.timeout())) {
                context.tally().error("refetch", account.username + ": a refetch did not finish in time");
            }
            List<Pending> unanswered;
            synchronized (this) {
                unanswered = new ArrayList<>(pending.values());
                pending.clear();
            }
            for (Pending p : unanswered) {
                context.ops().send(account, p.chatId(), p.text(), p.clientMsgId(), "ws-resend");
            }
            context.run().forget(old);
            Thread.sleep(away.toMillis());
        } catch (SoakOps.Failed counted) {
            // a resend failed every attempt: counted where it failed
        } catch (Exception e) {
            context.tally().error("reconnect", account.username + ": " + e);
        }
        synchronized (this) {
            reconnecting = false;
            if (!stopped) {
                open();
            }
        }
    }

    private synchronized boolean idle() {
        return waiting == null;
    }

    @Override
    public synchronized void accept(String frame) {
        if (waiting != null) {
            waiting.add(frame);
        } else {
            handle(frame);
        }
    }

    private void handle(String frame) {
        if (Frames.is(frame, "message_created")) {
            long chatId = Frames.number(frame, "chatId");
            if (ledgers.containsKey(chatId)) {
                String text = Frames.text(frame, "text");
                record(chatId, Frames.number(frame, "seq"));
                context.tally().delivery.recordNanos(System.nanoTime() - Frames.bodyNanos(text));
            }
        } else if (Frames.is(frame, "ack")) {
            Pending sent = pending.remove(Frames.text(frame, "id"));
            if (sent != null) {
                context.tally().acked(sent.chatId(), sent.clientMsgId(), Frames.number(frame, "seq"));
            }
        } else if (Frames.is(frame, "error")) {
            String id = Frames.text(frame, "id");
            if (id != null && pending.remove(id) != null) {
                context.run().failedSend(frame);
            }
            context.tally().error("ws-error", account.username + ": " + frame);
        } else if (Frames.is(frame, "refetch")) {
            long chatId = Frames.number(frame, "chatId");
            long from = Frames.number(frame, "fromSeq");
            long last = Frames.number(frame, "lastSeq");
            waiting = new ArrayDeque<>();
            context.fetchers().execute(() -> {
                List<JsonNode> messages = null;
                try {
                    messages = context.ops().range(account, chatId, from, last);
                } catch (SoakOps.Failed counted) {
                    // counted where it failed; the ledger will show what is missing
                }
                fetched(chatId, messages);
            });
        }
    }

    private void record(long chatId, long seq) {
        if (!ledgers.get(chatId).seen(seq)) {
            // counted by the ledger (duplicated, out of order); noted here with where it happened
            context.tally()
                    .note(
                            "order",
                            account.username + ": chat " + chatId + " seq " + seq + " after seq "
                                    + ledgers.get(chatId).last());
        }
        context.tally().delivered.incrementAndGet();
    }

    /** Records the fetched range, then the frames that waited behind it (up to the next refetch). */
    private synchronized void fetched(long chatId, List<JsonNode> messages) {
        if (messages != null) {
            for (JsonNode m : messages) {
                record(chatId, m.get("seq").asLong());
            }
            context.tally().op("refetched", messages.size());
        }
        ArrayDeque<String> queued = waiting;
        waiting = null;
        while (!queued.isEmpty()) {
            handle(queued.poll());
            if (waiting != null) {
                waiting.addAll(queued);
                return;
            }
        }
    }
}
