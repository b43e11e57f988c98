-- parley.limits.unsent-uploads: what a user holds that nothing took yet is counted at each upload.
CREATE INDEX attachments_unsent_by_uploader ON attachments (uploader_id) WHERE message_id IS NULL;
CREATE INDEX post_images_unsent_by_owner ON post_images (owner_id) WHERE post_id IS NULL;
