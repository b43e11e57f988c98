package dev.parley.server.web;

import dev.parley.core.text.Text;
import java.nio.ByteBuffer;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.MimeType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body decoder: the body must be well-formed UTF-8 (Jackson on its own decodes overlong
 * forms such as {@code C0 AF} as {@code /}) before Jackson reads it, whatever charset the request
 * declares; a body that is not is refused with {@link MalformedUtf8Exception}.
 */
final class StrictJsonDecoder extends JacksonJsonDecoder {

    StrictJsonDecoder(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public Object decode(DataBuffer body, ResolvableType targetType, MimeType mimeType, Map<String, Object> hints)
            throws DecodingException {
        // whatever charset the Content-Type names: Jackson detects the encoding from the bytes
        // themselves, and would read a declared ISO-8859-1 body's overlong forms as UTF-8
        int length = body.readableByteCount();
        ByteBuffer bytes = ByteBuffer.allocate(length);
        body.toByteBuffer(body.readPosition(), bytes, 0, length);
        int malformed = Text.malformedUtf8At(bytes);
        if (malformed >= 0) {
            DataBufferUtils.release(body);
            throw new MalformedUtf8Exception(malformed);
        }
        return super.decode(body, targetType, mimeType, hints);
    }

    /** A request body that is not well-formed UTF-8. */
    static final class MalformedUtf8Exception extends DecodingException {

        MalformedUtf8Exception(int offset) {
            super("the request body is not well-formed UTF-8 at byte " + offset
                    + " (an invalid, overlong, surrogate or truncated sequence); send UTF-8 JSON");
        }
    }
}
