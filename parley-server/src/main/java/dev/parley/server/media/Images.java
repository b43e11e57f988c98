package dev.parley.server.media;

import dev.parley.core.error.ParleyException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Turns uploaded pictures into blobs: avatars and the pictures of posts. The bytes must really be
 * a JPEG, PNG or WebP image (by their content, whatever the request claims), of a sane size, and
 * decode; the picture is then encoded afresh, which drops every metadata block (EXIF location,
 * comments, embedded profiles). An avatar gets square thumbnails cut from its centre, under
 * content-hash keys that never change; a post's picture gets a preview at most {@link
 * #PREVIEW_SIDE} pixels on its long side, under a random id (each upload owns its blobs).
 */
final class Images {

    static final int PREVIEW_SIDE = 1280;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A post's picture: the re-encoded original and its preview, both in {@code format}. */
    record Picture(String id, String format, int width, int height, byte[] full, byte[] preview) {

        static String fullKey(String id, String format) {
            return "p" + id + "." + format;
        }

        static String previewKey(String id, String format) {
            return "p" + id + "-" + PREVIEW_SIDE + "." + format;
        }
    }

    static Picture picture(byte[] bytes) {
        Kind kind = sniff(bytes);
        BufferedImage image = decode(bytes, kind);
        // photos stay JPEG; PNG stays PNG; WebP becomes JPEG unless it has transparency
        boolean jpeg = kind == Kind.JPEG
                || (kind == Kind.WEBP && !image.getColorModel().hasAlpha());
        String format = jpeg ? "jpg" : "png";
        byte[] full = jpeg ? jpeg(image) : png(image);
        int longSide = Math.max(image.getWidth(), image.getHeight());
        byte[] preview = full;
        if (longSide > PREVIEW_SIDE) {
            double scale = (double) PREVIEW_SIDE / longSide;
            BufferedImage small =
                    scaled(image, Math.max(1, (int) Math.round(image.getWidth() * scale)), Math.max(1, (int)
                            Math.round(image.getHeight() * scale)));
            preview = jpeg ? jpeg(small) : png(small);
        }
        return new Picture(randomId(), format, image.getWidth(), image.getHeight(), full, preview);
    }

    /** A random id of 32 hex digits: an upload owns the blobs named after it. */
    static String randomId() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(
                width,
                height,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    static final int[] SIZES = {64, 256};
    static final int MAX_SIDE = 8_000;
    static final long MAX_PIXELS = 40_000_000;

    /** The blobs of one avatar: the re-encoded original and its thumbnails, by key. */
    record Avatar(String id, String originalKey, Map<String, byte[]> blobs) {

        static String thumbnailKey(String id, int size) {
            return id + "-" + size + ".png";
        }
    }

    private enum Kind {
        PNG("png", "png"),
        JPEG("jpeg", "jpg"),
        WEBP("webp", "png");

        final String reader;
        final String storedAs;

        Kind(String reader, String storedAs) {
            this.reader = reader;
            this.storedAs = storedAs;
        }
    }

    private Images() {}

    static Avatar avatar(byte[] bytes) {
        Kind kind = sniff(bytes);
        BufferedImage image = decode(bytes, kind);
        byte[] original = "jpg".equals(kind.storedAs) ? jpeg(image) : png(image);
        String id = sha256(original).substring(0, 32);
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        String originalKey = id + "." + kind.storedAs;
        blobs.put(originalKey, original);
        for (int size : SIZES) {
            blobs.put(Avatar.thumbnailKey(id, size), png(square(image, size)));
        }
        return new Avatar(id, originalKey, blobs);
    }

    /** Whether the first bytes are those of a JPEG, PNG or WebP image (which may still not decode). */
    static boolean looksLikeImage(byte[] head) {
        try {
            sniff(head);
            return true;
        } catch (ParleyException notOne) {
            return false;
        }
    }

    /** What the bytes are, by their first bytes (the magic numbers), not by what the client said. */
    private static Kind sniff(byte[] b) {
        if (b.length > 8
                && (b[0] & 0xff) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[4] == 0x0d
                && b[5] == 0x0a
                && b[6] == 0x1a
                && b[7] == 0x0a) {
            return Kind.PNG;
        }
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Kind.JPEG;
        }
        if (b.length > 12
                && b[0] == 'R'
                && b[1] == 'I'
                && b[2] == 'F'
                && b[3] == 'F'
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') {
            return Kind.WEBP;
        }
        throw invalid("the file is not a JPEG, PNG or WebP image");
    }

    private static BufferedImage decode(byte[] bytes, Kind kind) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(kind.reader);
        if (!readers.hasNext()) { // WebP comes from the TwelveMonkeys plugin on the class path
            throw new IllegalStateException("no ImageIO reader for " + kind.reader);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true); // metadata is never read
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1
                    || height < 1
                    || width > MAX_SIDE
                    || height > MAX_SIDE
                    || (long) width * height > MAX_PIXELS) {
                throw invalid("the image is " + width + "×" + height + "; at most " + MAX_SIDE + " pixels a side and "
                        + MAX_PIXELS / 1_000_000 + " megapixels");
            }
            BufferedImage image = reader.read(0);
            if (image == null) {
                throw invalid("the image could not be decoded");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ParleyException p) {
                throw p;
            }
            throw invalid("the image could not be decoded: it is damaged or not what its first bytes say");
        } finally {
            reader.dispose();
        }
    }

    /** The centre square of the picture, scaled to {@code size}. */
    private static BufferedImage square(BufferedImage image, int size) {
        int side = Math.min(image.getWidth(), image.getHeight());
        int x = (image.getWidth() - side) / 2;
        int y = (image.getHeight() - side) / 2;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.drawImage(image, 0, 0, size, size, x, y, x + side, y + side, null);
        g.dispose();
        return out;
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ParleyException invalid(String detail) {
        return ParleyException.invalid("invalid_image", detail);
    }
}
