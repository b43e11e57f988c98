-- Blobs the blob store could not erase when asked (it was down), tried again every minute
-- (media.BlobErasures); a key is kept once.
CREATE TABLE blob_erasures (
    blob_key  TEXT   PRIMARY KEY,
    failed_at BIGINT NOT NULL
);
CREATE INDEX blob_erasures_oldest ON blob_erasures (failed_at, blob_key);
