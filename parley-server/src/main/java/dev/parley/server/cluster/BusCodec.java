package dev.parley.server.cluster;

import dev.parley.core.delivery.BusMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The bytes of a {@link BusMessage} between nodes: a small binary header (format version, the
 * publishing node, the routing) followed by the frame exactly as every recipient gets it, so a
 * receiving node never re-serializes. A user signal travels once per user, naming that user only.
 */
final class BusCodec {

    /** A message as received: who published it, and the message. */
    record Decoded(String node, BusMessage message) {}

    private static final byte VERSION = 1;
    private static final byte STREAM = 0;
    private static final byte CHAT_SIGNAL = 1;
    private static final byte USER_SIGNAL = 2;
    private static final byte SESSION_ENDED = 3;

    private BusCodec() {}

    static byte[] encode(String node, BusMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.frame().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(node);
            message.accept(new BusMessage.Visitor<Void>() {
                @Override
                public Void stream(BusMessage.StreamEvent e) {
                    write(() -> {
                        out.writeByte(STREAM);
                        out.writeLong(e.chatId());
                        out.writeLong(e.seq());
                        out.writeLong(e.subjectUserId() == null ? -1 : e.subjectUserId());
                        out.writeBoolean(e.joined());
                        out.writeBoolean(e.revises());
                    });
                    return null;
                }

                @Override
                public Void chatSignal(BusMessage.ChatSignal s) {
                    write(() -> {
                        out.writeByte(CHAT_SIGNAL);
                        out.writeLong(s.chatId());
                        out.writeInt(
                                s.onlyUserIds() == null ? -1 : s.onlyUserIds().size());
                        if (s.onlyUserIds() != null) {
                            for (long userId : s.onlyUserIds()) {
                                out.writeLong(userId);
                            }
                        }
                    });
                    return null;
                }

                @Override
                public Void userSignal(BusMessage.UserSignal s) {
                    if (s.userIds().size() != 1) {
                        throw new IllegalArgumentException("a user signal travels once per user");
                    }
                    write(() -> {
                        out.writeByte(USER_SIGNAL);
                        out.writeLong(s.userIds().iterator().next());
                        out.writeLong(s.addedChatId() == null ? -1 : s.addedChatId());
                        out.writeLong(s.lastSeq());
                    });
                    return null;
                }

                @Override
                public Void sessionEnded(BusMessage.SessionEnded ended) {
                    write(() -> {
                        out.writeByte(SESSION_ENDED);
                        out.writeLong(ended.userId());
                        out.writeUTF(ended.sessionId());
                    });
                    return null;
                }
            });
            out.writeInt(message.frame().length);
            out.write(message.frame());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The message; a format this node does not know is refused ({@link IllegalArgumentException}). */
    static Decoded decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("bus message format " + version + "; this node reads " + VERSION);
            }
            String node = in.readUTF();
            byte kind = in.readByte();
            BusMessage message = switch (kind) {
                case STREAM -> {
                    long chatId = in.readLong();
                    long seq = in.readLong();
                    long subject = in.readLong();
                    boolean joined = in.readBoolean();
                    boolean revises = in.readBoolean();
                    yield new BusMessage.StreamEvent(
                            chatId, seq, subject < 0 ? null : subject, joined, revises, frame(in), 0);
                }
                case CHAT_SIGNAL -> {
                    long chatId = in.readLong();
                    int count = in.readInt();
                    Set<Long> only = null;
                    if (count >= 0) {
                        only = new HashSet<>(count * 2);
                        for (int i = 0; i < count; i++) {
                            only.add(in.readLong());
                        }
                    }
                    yield new BusMessage.ChatSignal(chatId, only, frame(in));
                }
                case USER_SIGNAL -> {
                    long userId = in.readLong();
                    long added = in.readLong();
                    long lastSeq = in.readLong();
                    yield new BusMessage.UserSignal(Set.of(userId), added < 0 ? null : added, lastSeq, frame(in));
                }
                case SESSION_ENDED -> {
                    long userId = in.readLong();
                    String session = in.readUTF();
                    frame(in);
                    yield new BusMessage.SessionEnded(userId, session);
                }
                default -> throw new IllegalArgumentException("unknown bus message kind " + kind);
            };
            return new Decoded(node, message);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated bus message", e);
        }
    }

    private static byte[] frame(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    private interface IoWork {
        void run() throws IOException;
    }

    private static void write(IoWork work) {
        try {
            work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
