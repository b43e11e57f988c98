-- A mention in a chat: the notification points at the message (its chat, id and seq, so a client
-- opens the chat at it).
ALTER TABLE notifications ADD COLUMN chat_id BIGINT;
ALTER TABLE notifications ADD COLUMN message_id BIGINT;
ALTER TABLE notifications ADD COLUMN message_seq BIGINT;
