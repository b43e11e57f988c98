package dev.parley.core.message;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Persistence of messages and their events.
 *
 * <p>Every change (create, edit, delete) appends an event taking the chat's next {@code seq} in the
 * same transaction, so each chat's stream is gap-free and strictly increasing, with several
 * writers and several nodes. A returned write is durable. All methods are thread-safe and may
 * block on I/O.
 */
public interface MessageStore {

    /** The most distinct emojis one message may carry. */
    int REACTIONS_MAX = 20;

    /**
     * Appends a message. Idempotent per author and {@code clientMsgId}: when the author already used
     * the id, nothing is written and the original message is returned (also under concurrent
     * retries: a unique constraint decides). Otherwise the author must be a member of the chat as
     * the message is written, {@code replyTo} (when set) a message of the same chat, and each
     * attachment an upload of the author into the chat that no message took; if not, nothing is
     * written and {@link AppendRefused} says which. The message takes its attachments.
     */
    Appended append(NewMessage message);

    /**
     * {@link #append}, queued: returns at once, and the stage completes once the message is durable
     * (or the append failed), possibly on another thread. Appends to one chat queued one after
     * another are stored in the order queued; queued appends may share a commit.
     */
    CompletionStage<Appended> appendQueued(NewMessage message);

    Optional<Message> find(long messageId);

    /** Replaces the text of a live message; empty when the message does not exist or is deleted. */
    default Optional<Change> edit(long messageId, String text, long actorId) {
        return edit(messageId, text, actorId, java.util.Set.of());
    }

    /**
     * Replaces the text of a live message and removes the named attachments of it (ids it does not
     * have are ignored); the change names those removed, whose files are the caller's to erase.
     * Empty when the message does not exist or is deleted.
     */
    Optional<Change> edit(long messageId, String text, long actorId, java.util.Set<String> removeAttachments);

    /**
     * Erases the text, the reactions and the attachments of a live message (the change names the
     * attachments, whose files are the caller's to erase); empty when it does not exist or is
     * already deleted.
     */
    Optional<Change> delete(long messageId, long actorId);

    /** A page of a chat's messages by seq; an index range read at any depth. */
    HistoryPage history(long chatId, HistoryQuery query);

    /**
     * Full-text search over live messages of the chats {@code userId} is a member of (only {@code
     * chatId} when not null), newest first. {@code query} is plain words, all of which must match.
     */
    List<Message> search(long userId, String query, Long chatId, int limit);

    /**
     * Adds ({@code add}) or removes {@code userId}'s reaction with {@code emoji} to a live message
     * of the chat. A change takes the chat's next seq, as a member only, and records the event in
     * the same transaction; adding what is there or removing what is not changes nothing and takes
     * no seq. Refused with {@link ReactionRefused} (nothing written) when the user is not a member,
     * the message is not a live one of the chat, or an emoji new to the message would be its
     * {@link #REACTIONS_MAX}+1st.
     */
    Reacted react(long chatId, long messageId, long userId, String emoji, boolean add);

    /**
     * The reactions of each of the messages that has any, as {@code viewerId} sees them (mine or
     * not), each message's in the order their emoji was first given.
     */
    java.util.Map<Long, List<Reaction>> reactions(java.util.Collection<Long> messageIds, long viewerId);

    /** The most attachments one message may carry. */
    int ATTACHMENTS_MAX = 10;

    /**
     * Records an upload into a chat, not yet taken by any message, unless its uploader already
     * holds {@code maxUnsent} uploads that no message took (in any chat): false then, and nothing
     * is written. On PostgreSQL, uploads that commit at the same instant may each see a place left.
     */
    boolean addUpload(long chatId, long uploaderId, Attachment attachment, java.time.Instant at, int maxUnsent);

    /** How many uploads of {@code uploaderId} no message took. */
    int unsentUploads(long uploaderId);

    /** An attachment by id, with where it belongs (its message null while unused). */
    Optional<Placed> attachment(String id);

    /** An attachment and where it is: its chat and its message, null while no message took it. */
    record Placed(Attachment attachment, long chatId, long uploaderId, Long messageId) {}

    /**
     * Removes at most {@code limit} uploads that no message took and that are older than {@code
     * before}; answers those it removed (their files are the caller's to erase).
     */
    List<Attachment> removeUnusedUploads(java.time.Instant before, int limit);
}
