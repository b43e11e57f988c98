-- Reactions: one row per (message, emoji, person). Adding twice changes nothing (the key), the
-- count is the number of rows. Each change is also an event of the chat's stream, which carries
-- the emoji and the count after the change, so a replay shows what the live frame showed.
CREATE TABLE message_reactions (
    message_id BIGINT NOT NULL REFERENCES messages (id),
    emoji      TEXT    NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);
ALTER TABLE chat_events ADD COLUMN emoji TEXT;
ALTER TABLE chat_events ADD COLUMN reaction_count INTEGER;
