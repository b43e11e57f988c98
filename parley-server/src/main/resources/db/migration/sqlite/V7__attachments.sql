-- Files and images in messages: uploaded first into a chat (message_id null), then taken by the
-- message of their uploader that names them, in order. Uploads no message took within
-- parley.limits.unused-upload-ttl are swept away with their blobs. The id is random: each upload
-- owns its blobs. kind is 'image' (re-encoded, with a preview, width and height) or 'file' (kept
-- as sent; content_type is what the server sniffed, never what the client said).
CREATE TABLE attachments (
    id           TEXT    PRIMARY KEY,
    chat_id      INTEGER NOT NULL REFERENCES chats (id),
    uploader_id  INTEGER NOT NULL REFERENCES users (id),
    message_id   INTEGER REFERENCES messages (id),
    position     INTEGER NOT NULL DEFAULT 0,
    kind         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    width        INTEGER,
    height       INTEGER,
    format       TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_by_message ON attachments (message_id, position);
CREATE INDEX attachments_unused ON attachments (created_at) WHERE message_id IS NULL;

-- Search finds a message by its files' names too: their words (split at anything that is not a
-- letter or digit) sit in a column of the message, indexed with the text, erased with it.
ALTER TABLE messages ADD COLUMN file_words TEXT;
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_update;
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5(text, file_words, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL OR new.file_words IS NOT NULL
BEGIN
    INSERT INTO messages_fts (rowid, text, file_words) VALUES (new.id, new.text, new.file_words);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, file_words ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text, file_words) SELECT 'delete', old.id, old.text, old.file_words
        WHERE old.text IS NOT NULL OR old.file_words IS NOT NULL;
    INSERT INTO messages_fts (rowid, text, file_words) SELECT new.id, new.text, new.file_words
        WHERE new.text IS NOT NULL OR new.file_words IS NOT NULL;
END;
