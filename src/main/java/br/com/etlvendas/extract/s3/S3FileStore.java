package br.com.etlvendas.extract.s3;

import br.com.etlvendas.config.S3SourceConfig;
import br.com.etlvendas.extract.file.FileRef;
import br.com.etlvendas.extract.file.FileStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Sales files in an S3 bucket under the watched prefixes. An object's version is its ETag, so an object
 * rewritten under the same key is read again. Objects are streamed, never downloaded whole. Objects under
 * the processed prefix are never listed.
 */
public final class S3FileStore implements FileStore {

    static final String STATUS_TAG = "etl-vendas-status";

    private final S3Client s3;
    private final String bucket;
    private final S3SourceConfig config;

    public S3FileStore(S3Client s3, String bucket, S3SourceConfig config) {
        this.s3 = s3;
        this.bucket = bucket;
        this.config = config;
    }

    public static String uri(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public List<FileRef> list() throws IOException {
        List<FileRef> refs = new ArrayList<>();
        try {
            for (S3SourceConfig.Watch w : config.watches()) {
                for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(w.prefix())).contents()) {
                    if (o.key().endsWith("/") || (config.after() == S3SourceConfig.AfterProcessing.MOVE
                            && o.key().startsWith(config.processedPrefix()))) {
                        continue;
                    }
                    refs.add(new FileRef(uri(bucket, o.key()), o.key(), o.eTag().replace("\"", ""), o.size(), w.mapping()));
                }
            }
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + ": " + e.getMessage(), e);
        }
        return refs;
    }

    @Override
    public InputStream open(FileRef file) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(file.name()).ifMatch("\"" + file.version() + "\""));
        } catch (SdkException e) {
            throw new IOException("cannot read " + file.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean owns(String uri) {
        return uri.startsWith("s3://" + bucket + "/");
    }

    @Override
    public void afterProcessing(FileRef file) throws IOException {
        try {
            switch (config.after()) {
                case KEEP -> {
                }
                case TAG -> s3.putObjectTagging(b -> b.bucket(bucket).key(file.name())
                        .tagging(t -> t.tagSet(Tag.builder().key(STATUS_TAG).value("processed").build())));
                case MOVE -> {
                    String target = config.processedPrefix() + file.name();
                    s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(file.name()).destinationBucket(bucket).destinationKey(target));
                    s3.deleteObject(b -> b.bucket(bucket).key(file.name()));
                }
            }
        } catch (SdkException e) {
            throw new IOException("cannot " + config.after().name().toLowerCase() + " " + file.uri() + ": " + e.getMessage(), e);
        }
    }
}
