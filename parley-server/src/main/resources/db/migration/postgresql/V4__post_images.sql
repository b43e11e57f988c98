-- Pictures in posts: uploaded first (post_id null), then attached to the post that names them, in
-- order. Uploads that no post named within parley.limits.unused-upload-ttl are swept away, blobs
-- and all. The id is random (not a content hash): each upload owns its blobs.
CREATE TABLE post_images (
    id         TEXT    PRIMARY KEY,
    owner_id   BIGINT NOT NULL REFERENCES users (id),
    post_id    BIGINT REFERENCES posts (id),
    position   INTEGER NOT NULL DEFAULT 0,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    format     TEXT    NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX post_images_by_post ON post_images (post_id, position);
CREATE INDEX post_images_unused ON post_images (created_at) WHERE post_id IS NULL;
