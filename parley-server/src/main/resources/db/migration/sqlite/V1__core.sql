-- Timestamps are epoch milliseconds (UTC).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE refresh_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    family_id  TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    revoked_at INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE chats (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    title            TEXT,
    visibility       TEXT    NOT NULL,
    direct_key       TEXT UNIQUE,
    last_seq         INTEGER NOT NULL DEFAULT 0,
    member_count     INTEGER NOT NULL DEFAULT 0,
    last_message_id  INTEGER,
    last_activity_at INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
);

CREATE TABLE chat_members (
    chat_id   INTEGER NOT NULL REFERENCES chats (id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    role      TEXT    NOT NULL,
    read_seq  INTEGER NOT NULL DEFAULT 0,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX chat_members_by_user ON chat_members (user_id, chat_id);

CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    chat_id       INTEGER NOT NULL REFERENCES chats (id),
    seq           INTEGER NOT NULL,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    client_msg_id TEXT    NOT NULL,
    text          TEXT,
    reply_to      INTEGER,
    created_at    INTEGER NOT NULL,
    edited_at     INTEGER,
    deleted_at    INTEGER,
    UNIQUE (chat_id, seq),
    UNIQUE (author_id, client_msg_id)
);

CREATE TABLE chat_events (
    chat_id    INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    actor_id   INTEGER NOT NULL,
    message_id INTEGER,
    user_id    INTEGER,
    role       TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, seq)
) WITHOUT ROWID;

-- Full-text index over live message text; an erased text leaves the index with it.
CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL
BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL;
    INSERT INTO messages_fts (rowid, text) SELECT new.id, new.text WHERE new.text IS NOT NULL;
END;
