package dev.parley.server.web;

import java.util.Optional;

/**
 * The requests whose body is a file rather than JSON: each has a size limit of its own ({@link
 * BodyLimitFilter}) and is handled off the event loops ({@link FileRequestThreads}).
 */
enum FileBody {
    /** {@code PUT /api/v1/me/avatar}: a picture, {@code parley.limits.avatar-size}. */
    AVATAR,
    /** {@code POST /api/v1/posts/images}: a post's picture, {@code parley.limits.image-size}. */
    POST_IMAGE,
    /** {@code POST /api/v1/chats/{id}/uploads}: a chat's file, streamed, {@code parley.limits.file-size}. */
    CHAT_UPLOAD;

    private static final String CHATS = "/api/v1/chats/";
    private static final String UPLOADS = "/uploads";

    /**
     * The file a request to {@code path} carries, if it carries one. Asked twice of every request
     * (which threads handle it, which body limit it has), so string tests, not a pattern.
     */
    static Optional<FileBody> of(String path) {
        if (path.equals("/api/v1/me/avatar")) {
            return Optional.of(AVATAR);
        }
        if (path.equals("/api/v1/posts/images")) {
            return Optional.of(POST_IMAGE);
        }
        boolean upload = path.startsWith(CHATS)
                && path.endsWith(UPLOADS)
                && path.length() > CHATS.length() + UPLOADS.length()
                && path.indexOf('/', CHATS.length()) == path.length() - UPLOADS.length();
        return upload ? Optional.of(CHAT_UPLOAD) : Optional.empty();
    }
}
