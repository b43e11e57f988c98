package dev.parley.server.web;

import java.util.Optional;
import java.util.regex.Pattern;

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

    private static final Pattern UPLOADS = Pattern.compile("/api/v1/chats/[^/]+/uploads");

    /** The file a request to {@code path} carries, if it carries one. */
    static Optional<FileBody> of(String path) {
        if (path.equals("/api/v1/me/avatar")) {
            return Optional.of(AVATAR);
        }
        if (path.equals("/api/v1/posts/images")) {
            return Optional.of(POST_IMAGE);
        }
        return UPLOADS.matcher(path).matches() ? Optional.of(CHAT_UPLOAD) : Optional.empty();
    }
}
