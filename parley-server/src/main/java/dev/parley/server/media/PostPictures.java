package dev.parley.server.media;

import dev.parley.core.media.BlobStore;
import dev.parley.core.social.PostImage;
import dev.parley.core.social.PostService;
import dev.parley.server.config.ParleyProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The pictures of posts in the blob store: each upload's re-encoded original and preview, erased
 * with their post, and swept away when no post took them within {@code
 * parley.limits.unused-upload-ttl} (checked every minute, or every tenth of the time to live when
 * that is shorter).
 */
@Component
public class PostPictures implements DisposableBean {

    private final BlobStore blobs;
    private final BlobErasures erasures;
    private final PostService posts;
    private final UploadSweeper<PostImage> sweeper;
    private final int maxUnsent;

    PostPictures(BlobStore blobs, BlobErasures erasures, PostService posts, Clock clock, ParleyProperties properties) {
        this.blobs = blobs;
        this.erasures = erasures;
        this.posts = posts;
        this.maxUnsent = properties.limits().unsentUploads();
        this.sweeper = new UploadSweeper<>(
                "post pictures", clock, properties.limits().unusedUploadTtl(), posts::removeUnusedUploads, this::erase);
    }

    /** Refuses a picture before its body is read when its owner holds too many that no post took. */
    void checkUploader(long ownerId) {
        if (posts.unsentUploads(ownerId) >= maxUnsent) {
            throw UnsentUploads.tooMany(maxUnsent);
        }
    }

    /** Checks, re-encodes and stores an uploaded picture for a post its owner is writing. */
    PostImage store(long ownerId, byte[] bytes) {
        Images.Picture picture = Images.picture(bytes);
        blobs.put(Images.Picture.fullKey(picture.id(), picture.format()), picture.full());
        blobs.put(Images.Picture.previewKey(picture.id(), picture.format()), picture.preview());
        PostImage image = new PostImage(picture.id(), picture.width(), picture.height(), picture.format());
        UnsentUploads.record(() -> posts.addUpload(ownerId, image, maxUnsent), () -> erase(List.of(image)), maxUnsent);
        return image;
    }

    Optional<byte[]> read(PostImage image, boolean preview) {
        return blobs.get(
                preview
                        ? Images.Picture.previewKey(image.id(), image.format())
                        : Images.Picture.fullKey(image.id(), image.format()));
    }

    /** Erases the blobs of pictures no post has any more: now, or later if the blob store cannot now. */
    public void erase(List<PostImage> images) {
        erasures.erase(images.stream()
                .flatMap(image -> Stream.of(
                        Images.Picture.fullKey(image.id(), image.format()),
                        Images.Picture.previewKey(image.id(), image.format())))
                .toList());
    }

    int sweepUploadedBefore(Instant cutOff) {
        return sweeper.sweepUploadedBefore(cutOff);
    }

    @Override
    public void destroy() {
        sweeper.close();
    }
}
