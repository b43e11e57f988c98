-- The unread count reads this index alone: (user_id, read_at) over the unread rows only, so the
-- count needs no row of the table. On (user_id) alone, SQLite's planner took the actor index
-- (also led by user_id) and read every notification of the user to check read_at, on the writer
-- thread, for each new notification.
DROP INDEX notifications_unread;
CREATE INDEX notifications_unread ON notifications (user_id, read_at) WHERE read_at IS NULL;
