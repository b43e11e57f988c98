-- People: profiles, friends, posts, comments, likes, notifications. Timestamps are epoch milliseconds.

CREATE TABLE profiles (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    bio        TEXT    NOT NULL DEFAULT '',
    avatar     TEXT,
    updated_at INTEGER NOT NULL
);

-- one row per direction, so "my friends" is one index range
CREATE TABLE friends (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    friend_id INTEGER NOT NULL REFERENCES users (id),
    since     INTEGER NOT NULL,
    PRIMARY KEY (user_id, friend_id)
) WITHOUT ROWID;

CREATE TABLE friend_requests (
    from_id    INTEGER NOT NULL REFERENCES users (id),
    to_id      INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX friend_requests_to ON friend_requests (to_id, created_at);

CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    text          TEXT    NOT NULL,
    visibility    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX posts_by_author ON posts (author_id, id);

-- like and comment counts are counted from these rows (index ranges), never kept in a shared
-- counter row that every like would have to lock
CREATE TABLE post_likes (
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    text       TEXT    NOT NULL,
    reply_to   INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_by_post ON comments (post_id, id);

CREATE TABLE comment_likes (
    comment_id INTEGER NOT NULL REFERENCES comments (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, user_id)
) WITHOUT ROWID;

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT    NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES users (id),
    post_id    INTEGER,
    comment_id INTEGER,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
-- an unlike takes back its own like notification without reading all of the user's
CREATE INDEX notifications_by_actor ON notifications (user_id, actor_id);
