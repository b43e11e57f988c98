package dev.parley.core.message;

/**
 * A file or image of a message, uploaded into a chat before the message that takes it. {@code
 * contentType} is what the server found in the bytes, never what the uploader said. An image was
 * re-encoded (its metadata dropped) as {@code format} ({@code jpg} or {@code png}) and has {@code
 * width} and {@code height} and a preview; a file is kept as sent, with null width, height and format.
 */
public record Attachment(
        String id,
        Kind kind,
        String name,
        String contentType,
        long size,
        Integer width,
        Integer height,
        String format) {

    public enum Kind {
        IMAGE,
        FILE
    }

    public boolean image() {
        return kind == Kind.IMAGE;
    }
}
