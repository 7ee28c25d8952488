package br.com.etlvendas.load.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The place the lake's objects live, by key relative to the lake's root. Every {@link #put} is atomic: a
 * reader sees the whole previous object or the whole new one, never part of a file.
 */
public interface LakeStore {

    /** Stores the file's bytes under {@code key}, replacing what was there, all at once. */
    void put(String key, Path file) throws IOException;

    /**
     * Stores each file under its key, each atomically (one at a time may become visible before the others), and
     * may move the files away rather than copy them: the caller no longer needs them.
     */
    default void putAll(Map<String, Path> files) throws IOException {
        for (Map.Entry<String, Path> f : files.entrySet()) {
            put(f.getKey(), f.getValue());
        }
    }

    /** Stores {@code bytes} under {@code key}, replacing what was there, all at once. */
    void put(String key, byte[] bytes) throws IOException;

    /** The object under {@code key}, or empty when there is none. */
    Optional<byte[]> get(String key) throws IOException;

    /** Where the lake is, for logs and messages. */
    String describe();
}
