-- Files and images in messages: uploaded first into a chat (message_id null), then taken by the
-- message of their uploader that names them, in order. Uploads no message took within
-- parley.limits.unused-upload-ttl are swept away with their blobs. The id is random: each upload
-- owns its blobs. kind is 'image' (re-encoded, with a preview, width and height) or 'file' (kept
-- as sent; content_type is what the server sniffed, never what the client said).
CREATE TABLE attachments (
    id           TEXT   PRIMARY KEY,
    chat_id      BIGINT NOT NULL REFERENCES chats (id),
    uploader_id  BIGINT NOT NULL REFERENCES users (id),
    message_id   BIGINT REFERENCES messages (id),
    position     INTEGER NOT NULL DEFAULT 0,
    kind         TEXT   NOT NULL,
    name         TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    width        INTEGER,
    height       INTEGER,
    format       TEXT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_by_message ON attachments (message_id, position);
CREATE INDEX attachments_unused ON attachments (created_at) WHERE message_id IS NULL;

-- Search finds a message by its files' names too: their words (split at anything that is not a
-- letter or digit) sit in a column of the message, indexed with the text, erased with it.
ALTER TABLE messages ADD COLUMN file_words TEXT;
DROP INDEX messages_tsv;
ALTER TABLE messages DROP COLUMN tsv;
ALTER TABLE messages ADD COLUMN tsv TSVECTOR
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(file_words, ''))) STORED;
CREATE INDEX messages_tsv ON messages USING gin (tsv);
