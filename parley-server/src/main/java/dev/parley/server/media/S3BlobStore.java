package dev.parley.server.media;

import dev.parley.core.media.BlobStore;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Blobs in an S3 bucket (AWS, or any S3-compatible server: MinIO, Ceph, Garage...), under an
 * optional key prefix. Credentials come from the configuration, or else from the AWS default chain
 * (environment, profile, instance role).
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    /** Where the bucket is, and how to sign in. */
    public record Settings(
            String endpoint,
            String region,
            String bucket,
            String prefix,
            String accessKey,
            String secretKey,
            boolean pathStyle) {}

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BlobStore(Settings settings) {
        AwsCredentialsProvider credentials =
                settings.accessKey() == null || settings.accessKey().isBlank()
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                // plain bodies, not aws-chunked ones with trailing checksums: S3-compatible servers
                // (s3rver, older MinIO and Ceph) store those framings as the object's bytes
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.prefix = settings.prefix() == null ? "" : settings.prefix();
    }

    @Override
    public void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(bytes));
    }

    @Override
    public void putFile(String key, java.nio.file.Path file) {
        s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
    }

    @Override
    public Optional<java.io.InputStream> open(String key) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(prefix + key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
    }

    @Override
    public void close() {
        s3.close();
    }
}
