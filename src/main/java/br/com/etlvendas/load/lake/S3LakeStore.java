package br.com.etlvendas.load.lake;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A lake under a key prefix of an S3 bucket. A PUT is atomic in S3 (an object is visible whole or not at
 * all, and a second PUT replaces it whole), so files are uploaded straight to their final keys; the files of a
 * batch {@link #PARALLEL_PUTS} at a time, as each PUT waits mostly on the network.
 */
public final class S3LakeStore implements LakeStore {

    /** Uploads of one batch's files in flight at once. */
    static final int PARALLEL_PUTS = 8;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3LakeStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public void put(String key, Path file) {
        s3.putObject(b -> b.bucket(bucket).key(prefix + key).contentType("application/vnd.apache.parquet"),
                RequestBody.fromFile(file));
    }

    @Override
    public void putAll(Map<String, Path> files) throws IOException {
        ParallelIo.forEach(files.entrySet(), PARALLEL_PUTS, "lake-s3-put", f -> put(f.getKey(), f.getValue()));
    }

    @Override
    public void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(prefix + key).contentType("application/json"), RequestBody.fromBytes(bytes));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }
}
