package dev.parley.core.message;

import dev.parley.core.chat.ChatAccess;
import dev.parley.core.chat.ChatStore;
import dev.parley.core.chat.Membership;
import dev.parley.core.delivery.ChatEvents;
import dev.parley.core.error.ParleyException;
import dev.parley.core.text.Text;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The one send path, and edits, deletes, history and search.
 *
 * <p>Only members post. Only the author edits; the author or a chat owner/admin deletes. Text is
 * trimmed and must hold 1 to {@code maxLength} characters (Unicode code points).
 */
public final class MessageService {

    public static final int CLIENT_MSG_ID_MAX = 64;
    public static final int PAGE_MAX = 100;
    public static final int SEARCH_MAX = 100;

    private final MessageStore messages;
    private final ChatEvents events;
    private final ChatAccess access;
    private final int maxLength;
    private final Mentions.Listener mentions;
    private final Eraser eraser;

    /** Erases the files of attachments their message no longer has (it was deleted). */
    public interface Eraser {
        void erase(List<Attachment> attachments);

        Eraser NONE = attachments -> {};
    }

    public MessageService(MessageStore messages, ChatStore chats, ChatEvents events, int maxLength) {
        this(messages, chats, events, maxLength, Mentions.Listener.NONE, Eraser.NONE);
    }

    /**
     * {@code mentions}: told of the {@code @username}s in each new message (see {@link Mentions});
     * {@code eraser}: erases the files of a deleted message's attachments.
     */
    public MessageService(
            MessageStore messages,
            ChatStore chats,
            ChatEvents events,
            int maxLength,
            Mentions.Listener mentions,
            Eraser eraser) {
        this.messages = messages;
        this.events = events;
        this.access = new ChatAccess(chats);
        this.maxLength = maxLength;
        this.mentions = mentions;
        this.eraser = eraser;
    }

    /**
     * Stores a message and announces it. {@code receivedNanos}: when the request arrived ({@link
     * System#nanoTime()}), passed on with the announcement for delivery latency; 0 when unknown.
     */
    public Appended send(
            long chatId, long authorId, String text, String clientMsgId, Long replyTo, long receivedNanos) {
        return send(chatId, authorId, text, clientMsgId, replyTo, List.of(), receivedNanos);
    }

    /**
     * {@link #send} with attachments: ids of the author's uploads into the chat, at most {@link
     * MessageStore#ATTACHMENTS_MAX}, which the message takes in order; the text may then be empty.
     */
    public Appended send(
            long chatId,
            long authorId,
            String text,
            String clientMsgId,
            Long replyTo,
            List<String> attachmentIds,
            long receivedNanos) {
        NewMessage message = checkedSend(text, clientMsgId, chatId, authorId, replyTo, attachmentIds);
        try {
            return announced(message, messages.append(message), receivedNanos);
        } catch (AppendRefused refused) {
            throw refusal(message, refused);
        }
    }

    /**
     * {@link #send}, without waiting for the write, and without I/O before it: the text and
     * clientMsgId are checked now (a bad one is thrown), then the message is queued behind the
     * caller's earlier queued sends to the chat, which keep their order. The stage completes once
     * the message is stored and announced, or refused, possibly on another thread.
     */
    public CompletionStage<Appended> sendQueued(
            long chatId,
            long authorId,
            String text,
            String clientMsgId,
            Long replyTo,
            List<String> attachmentIds,
            long receivedNanos) {
        NewMessage message = checkedSend(text, clientMsgId, chatId, authorId, replyTo, attachmentIds);
        return messages.appendQueued(message).handle((appended, error) -> {
            if (error == null) {
                return announced(message, appended, receivedNanos);
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof AppendRefused refused) {
                throw refusal(message, refused);
            }
            throw error instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }

    /** The text and clientMsgId checked; membership and the reply are checked as the message is written. */
    private NewMessage checkedSend(
            String text, String clientMsgId, long chatId, long authorId, Long replyTo, List<String> attachmentIds) {
        List<String> files = checkAttachments(attachmentIds);
        // checks the characters as well, once; a message of files alone may have no text
        String body = !files.isEmpty() && (text == null || text.isBlank()) ? "" : checkText(text);
        Text.check("clientMsgId", clientMsgId);
        String id = clientMsgId == null ? "" : clientMsgId.strip();
        if (id.isEmpty() || id.length() > CLIENT_MSG_ID_MAX) {
            throw ParleyException.invalid(
                    "invalid_client_msg_id",
                    "clientMsgId is " + (id.isEmpty() ? "missing" : id.length() + " characters") + "; use 1–"
                            + CLIENT_MSG_ID_MAX + " characters, unique per message you send");
        }
        return new NewMessage(chatId, authorId, id, body, replyTo, files);
    }

    private static final java.util.regex.Pattern ATTACHMENT_ID = java.util.regex.Pattern.compile("[0-9a-f]{32}");

    private static List<String> checkAttachments(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > MessageStore.ATTACHMENTS_MAX) {
            throw ParleyException.invalid(
                    "invalid_attachments",
                    ids.size() + " attachments; a message takes at most " + MessageStore.ATTACHMENTS_MAX);
        }
        if (Set.copyOf(ids.stream().map(String::valueOf).toList()).size() != ids.size()) {
            throw ParleyException.invalid("invalid_attachments", "an attachment is named twice");
        }
        for (String id : ids) {
            if (id == null || !ATTACHMENT_ID.matcher(id).matches()) {
                throw ParleyException.invalid("invalid_attachments", "'" + id + "' is not an upload id");
            }
        }
        return ids;
    }

    /** Why the store refused: a chat the author cannot see is not found, one it is not in is forbidden. */
    private static ParleyException refusal(NewMessage message, AppendRefused refused) {
        long chatId = message.chatId();
        return switch (refused.reason()) {
            case CHAT_NOT_VISIBLE -> ChatAccess.notFound(chatId);
            case NOT_A_MEMBER -> ChatAccess.notAMember(chatId);
            case UNKNOWN_REPLY ->
                ParleyException.invalid(
                        "invalid_reply", "replyTo " + message.replyTo() + " is not a message of chat " + chatId);
            case UNKNOWN_ATTACHMENT ->
                ParleyException.invalid(
                        "invalid_attachments",
                        "an attachment is not an upload of yours into chat " + chatId
                                + " that no message took yet (or it was swept away unused)");
        };
    }

    /**
     * Announces a stored message. A retry is answered with its original; a clientMsgId reused for
     * another message (another chat, text or reply) is refused, never answered as if it were sent.
     */
    private Appended announced(NewMessage requested, Appended appended, long receivedNanos) {
        Message original = appended.message();
        if (original.chatId() != requested.chatId()) {
            throw ParleyException.conflict(
                    "client_msg_id_reused",
                    "clientMsgId '" + requested.clientMsgId() + "' was already used for a message in chat "
                            + original.chatId());
        }
        if (!appended.created() && !sameMessage(requested, original)) {
            throw ParleyException.conflict(
                    "client_msg_id_reused",
                    "clientMsgId '" + requested.clientMsgId() + "' was already used for message " + original.id()
                            + ", with another text or reply; use a new clientMsgId for each message");
        }
        if (appended.created()) {
            events.message(appended.event(), appended.message(), receivedNanos);
            Set<String> named = Mentions.in(original.text());
            if (!named.isEmpty()) {
                mentions.mentioned(original, named);
            }
        }
        return appended;
    }

    /**
     * Whether a retry asks for the message its clientMsgId already made. Once that message was
     * edited or deleted, its first text is gone: any retry is taken for one.
     */
    private static boolean sameMessage(NewMessage requested, Message original) {
        return original.editedAt() != null
                || original.deleted()
                || (requested.text().equals(original.text())
                        && Objects.equals(requested.replyTo(), original.replyTo())
                        && requested
                                .attachmentIds()
                                .equals(original.attachments().stream()
                                        .map(Attachment::id)
                                        .toList()));
    }

    public Change edit(long chatId, long messageId, long userId, String text) {
        return edit(chatId, messageId, userId, text, List.of());
    }

    /**
     * Replaces the author's text and removes attachments of the message (an edit never adds one);
     * the text may be empty while attachments remain. The removed files are erased.
     */
    public Change edit(long chatId, long messageId, long userId, String text, List<String> removeAttachments) {
        access.member(chatId, userId);
        Message message = live(chatId, messageId);
        if (message.author().id() != userId) {
            throw ParleyException.forbidden("not_the_author", "only the author can edit message " + messageId);
        }
        if (removeAttachments != null && removeAttachments.stream().anyMatch(Objects::isNull)) {
            throw ParleyException.invalid("invalid_attachments", "removeAttachments holds a null");
        }
        Set<String> remove = removeAttachments == null ? Set.of() : Set.copyOf(removeAttachments);
        Set<String> has = new java.util.HashSet<>();
        message.attachments().forEach(a -> has.add(a.id()));
        if (!has.containsAll(remove)) {
            throw ParleyException.invalid(
                    "invalid_attachments",
                    "removeAttachments names a file that message " + messageId + " does not have");
        }
        boolean filesRemain = !has.isEmpty() && !remove.containsAll(has);
        // removing files without a text keeps the text there is
        String requested = text == null && !remove.isEmpty() ? message.text() : text;
        String body = filesRemain && (requested == null || requested.isBlank()) ? "" : checkText(requested);
        Change change = announce(messages.edit(messageId, body, userId, remove).orElseThrow(() -> gone(messageId)));
        if (!change.erased().isEmpty()) {
            eraser.erase(change.erased());
        }
        return new Change(withReactions(change.message(), userId), change.event(), change.erased());
    }

    public Change delete(long chatId, long messageId, long userId) {
        Membership me = access.member(chatId, userId);
        Message message = live(chatId, messageId);
        if (message.author().id() != userId && !me.role().canManageMembers()) {
            throw ParleyException.forbidden(
                    "not_the_author", "only the author or a chat owner/admin can delete message " + messageId);
        }
        Change change = announce(messages.delete(messageId, userId).orElseThrow(() -> gone(messageId)));
        if (!change.erased().isEmpty()) {
            eraser.erase(change.erased());
        }
        return change;
    }

    /** One message of a chat the user can read, deleted or not (a deleted one has no text). */
    public Message message(long chatId, long messageId, long userId) {
        access.visible(chatId, userId);
        return withReactions(inChat(chatId, messageId), userId);
    }

    /** The message with its reactions as {@code viewerId} sees them. */
    public Message withReactions(Message message, long viewerId) {
        return withReactions(List.of(message), viewerId).get(0);
    }

    private List<Message> withReactions(List<Message> page, long viewerId) {
        List<Long> live =
                page.stream().filter(m -> !m.deleted()).map(Message::id).toList();
        Map<Long, List<Reaction>> reactions = live.isEmpty() ? Map.of() : messages.reactions(live, viewerId);
        return page.stream()
                .map(m -> m.withReactions(reactions.getOrDefault(m.id(), List.of())))
                .toList();
    }

    /**
     * Adds ({@code add}) or removes the user's reaction with {@code emoji} to a live message of a
     * chat they are a member of, and announces the change; doing what is already so changes
     * nothing. At most {@link MessageStore#REACTIONS_MAX} distinct emojis per message.
     */
    public Reacted react(long chatId, long messageId, long userId, String emoji, boolean add) {
        String checked = Emoji.check(emoji);
        access.member(chatId, userId);
        live(chatId, messageId);
        Reacted reacted;
        try {
            reacted = messages.react(chatId, messageId, userId, checked, add);
        } catch (ReactionRefused refused) {
            throw switch (refused.reason()) {
                case NOT_A_MEMBER -> ChatAccess.notAMember(chatId);
                case NO_LIVE_MESSAGE -> gone(messageId);
                case TOO_MANY ->
                    ParleyException.conflict(
                            "too_many_reactions",
                            "message " + messageId + " already has " + MessageStore.REACTIONS_MAX
                                    + " different reactions; add one of those instead");
            };
        }
        reacted.event().ifPresent(events::reaction);
        return reacted;
    }

    /**
     * A page of history. Without {@code before} and {@code after} it is the newest page; with only
     * {@code after} it reads forward (oldest first) unless {@code newestFirst} says otherwise.
     */
    public HistoryPage history(long chatId, long userId, Long before, Long after, int limit, Boolean newestFirst) {
        access.visible(chatId, userId);
        if (limit < 1 || limit > PAGE_MAX) {
            throw ParleyException.invalid("invalid_limit", "limit is " + limit + "; allowed 1–" + PAGE_MAX);
        }
        long upper = before == null ? Long.MAX_VALUE : before;
        long lower = after == null ? 0 : after;
        if (upper <= lower + 1 && before != null && after != null) {
            return new HistoryPage(List.of(), false);
        }
        boolean newest = newestFirst != null ? newestFirst : after == null || before != null;
        HistoryPage page = messages.history(chatId, new HistoryQuery(upper, lower, limit, newest));
        return new HistoryPage(withReactions(page.items(), userId), page.hasMore());
    }

    public List<Message> search(long userId, String query, Long chatId, int limit) {
        Text.check("q", query);
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            throw ParleyException.invalid("missing_query", "q is required: words to find in messages");
        }
        if (limit < 1 || limit > SEARCH_MAX) {
            throw ParleyException.invalid("invalid_limit", "limit is " + limit + "; allowed 1–" + SEARCH_MAX);
        }
        if (chatId != null) {
            access.member(chatId, userId);
        }
        return withReactions(messages.search(userId, q, chatId, limit), userId);
    }

    private Change announce(Change change) {
        events.message(change.event(), change.message(), 0);
        return change;
    }

    private Message live(long chatId, long messageId) {
        Message message = inChat(chatId, messageId);
        if (message.deleted()) {
            throw gone(messageId);
        }
        return message;
    }

    private Message inChat(long chatId, long messageId) {
        return messages.find(messageId)
                .filter(m -> m.chatId() == chatId)
                .orElseThrow(() -> ParleyException.notFound(
                        "message_not_found", "no message " + messageId + " in chat " + chatId));
    }

    private static ParleyException gone(long messageId) {
        return ParleyException.conflict("message_deleted", "message " + messageId + " was deleted");
    }

    private String checkText(String text) {
        return Text.body("text", text, maxLength);
    }
}
