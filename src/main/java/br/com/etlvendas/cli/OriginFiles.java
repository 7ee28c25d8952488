package br.com.etlvendas.cli;

import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.format.RowText;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the file a DLQ record's row came from (a local {@code file:} URI or an {@code s3://bucket/key} object of the
 * configured S3 endpoint) to read its CSV header again, so the row can be mapped again behind it.
 */
final class OriginFiles implements AutoCloseable {

    private final Infrastructure infra;
    private S3Client s3;

    OriginFiles(Infrastructure infra) {
        this.infra = infra;
    }

    String csvHeader(String fileUri, ColumnMapping mapping) throws FileReadException {
        try (InputStream in = open(fileUri)) {
            return RowText.csvHeader(in, mapping.format(), fileUri);
        } catch (IOException | SdkException | IllegalArgumentException e) {
            throw new FileReadException(fileUri + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private InputStream open(String fileUri) throws IOException {
        if (fileUri.startsWith("s3://")) {
            String rest = fileUri.substring(5);
            int slash = rest.indexOf('/');
            if (slash < 0) {
                throw new IOException("no object key in " + fileUri);
            }
            if (s3 == null) {
                s3 = infra.s3Client();
            }
            return s3.getObject(b -> b.bucket(rest.substring(0, slash)).key(rest.substring(slash + 1)));
        }
        if (fileUri.startsWith("file:")) {
            return Files.newInputStream(Path.of(URI.create(fileUri)));
        }
        throw new IOException("only files (file:) and S3 objects (s3://) can be opened, not " + fileUri);
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
