package br.com.etlvendas.extract.file;

import java.nio.file.Path;

/**
 * A file some store holds: its URI ({@code s3://bucket/key} or {@code file:/path}), its version (an S3
 * ETag, or a local file's size and modification time), its size, and the mapping it is read with.
 */
public record FileRef(String uri, String name, String version, long size, Path mapping) {
}
