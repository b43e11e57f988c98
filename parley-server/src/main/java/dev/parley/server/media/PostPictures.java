package dev.parley.server.media;

import dev.parley.core.media.BlobStore;
import dev.parley.core.social.PostImage;
import dev.parley.core.social.PostService;
import dev.parley.server.config.ParleyProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The pictures of posts in the blob store: each upload's re-encoded original and preview, erased
 * with their post, and swept away when no post took them within {@code
 * parley.limits.unused-upload-ttl} (checked every minute, or every tenth of the time to live when
 * that is shorter).
 */
@Component
public class PostPictures implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PostPictures.class);
    private static final int SWEEP_BATCH = 500;

    private final BlobStore blobs;
    private final PostService posts;
    private final Clock clock;
    private final Duration ttl;
    private final ScheduledExecutorService sweeper;

    @Autowired
    PostPictures(BlobStore blobs, PostService posts, Clock clock, ParleyProperties properties) {
        this(blobs, posts, clock, properties.limits().unusedUploadTtl());
    }

    PostPictures(BlobStore blobs, PostService posts, Clock clock, Duration ttl) {
        this.blobs = blobs;
        this.posts = posts;
        this.clock = clock;
        this.ttl = ttl;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-upload-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, Math.min(60_000, ttl.toMillis() / 10));
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Checks, re-encodes and stores an uploaded picture for a post its owner is writing. */
    PostImage store(long ownerId, byte[] bytes) {
        Images.Picture picture = Images.picture(bytes);
        blobs.put(Images.Picture.fullKey(picture.id(), picture.format()), picture.full());
        blobs.put(Images.Picture.previewKey(picture.id(), picture.format()), picture.preview());
        PostImage image = new PostImage(picture.id(), picture.width(), picture.height(), picture.format());
        posts.addUpload(ownerId, image);
        return image;
    }

    Optional<byte[]> read(PostImage image, boolean preview) {
        return blobs.get(
                preview
                        ? Images.Picture.previewKey(image.id(), image.format())
                        : Images.Picture.fullKey(image.id(), image.format()));
    }

    /** Erases the blobs of pictures no post has any more. */
    public void erase(List<PostImage> images) {
        for (PostImage image : images) {
            blobs.delete(Images.Picture.fullKey(image.id(), image.format()));
            blobs.delete(Images.Picture.previewKey(image.id(), image.format()));
        }
    }

    /** Forgets the uploads older than the time to live that no post took, and erases their blobs. */
    int sweep() {
        return sweepUploadedBefore(clock.instant().minus(ttl));
    }

    int sweepUploadedBefore(Instant cutOff) {
        int swept = 0;
        List<PostImage> unused;
        do {
            unused = posts.removeUnusedUploads(cutOff, SWEEP_BATCH);
            erase(unused);
            swept += unused.size();
        } while (unused.size() == SWEEP_BATCH);
        return swept;
    }

    private void sweepQuietly() {
        try {
            int swept = sweep();
            if (swept > 0) {
                LOG.info("Removed {} uploaded pictures that no post took within {}", swept, ttl);
            }
        } catch (RuntimeException e) { // the store is down, say: the next round tries again
            LOG.warn("Sweeping unused uploads failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }
}
