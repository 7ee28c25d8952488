package br.com.etlvendas.embedded;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3-compatible HTTP server (S3Proxy over the jclouds filesystem store), so objects live as files
 * under the data directory and survive restarts. Requests must be signed with the given credentials.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);

    private final Path baseDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy proxy;
    private BlobStoreContext context;

    public EmbeddedS3Server(Path baseDir, int port, String accessKey, String secretKey) {
        this.baseDir = baseDir.toAbsolutePath();
        this.port = FreePort.orPick(port);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public EmbeddedS3Server start() {
        try {
            Files.createDirectories(baseDir);
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", baseDir.toString());
            context = ContextBuilder.newBuilder("filesystem")
                    .credentials(accessKey, secretKey)
                    .overrides(props)
                    .build(BlobStoreContext.class);
            proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(endpoint())
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded S3 server did not start on port " + port);
                }
                Thread.sleep(10);
            }
            log.info("Embedded S3 server listening on {} (objects under {})", endpoint(), baseDir);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded S3 directory " + baseDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded S3 server", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server on port " + port + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                log.warn("Embedded S3 server did not stop cleanly", e);
            }
            proxy = null;
        }
        if (context != null) {
            context.close();
            context = null;
        }
        log.info("Embedded S3 server stopped");
    }
}
