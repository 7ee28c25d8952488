package br.com.etlvendas.load.lake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A lake in a local directory. Each object is first written to a hidden temporary file beside its final name
 * ({@code .name.<random>.tmp}, which no {@code *.parquet} glob matches), forced to disk, then renamed over the
 * final name in one atomic step, so a reader or a crash never meets half a file.
 */
public final class LocalLakeStore implements LakeStore {

    /** Files of one batch forced to disk at once. */
    static final int PARALLEL_FORCES = 32;

    private final Path root;

    public LocalLakeStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Path tmp = temporaryBeside(target);
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            force(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves every file beside its final name first, then forces them all to disk, {@link #PARALLEL_FORCES} at a time
     * (the file system commits concurrent forces together: measured on ext4, 1,240 files forced one by one took
     * 1.6–3.5 s, 32 at a time 0.2–0.25 s), then renames them. A crash midway leaves hidden temporary files only,
     * never a final name with part of a file.
     */
    @Override
    public void putAll(Map<String, Path> files) throws IOException {
        Map<Path, Path> renames = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> f : files.entrySet()) {
                Path target = resolve(f.getKey());
                Path tmp = temporaryBeside(target);
                // a plain move is a rename on the same file system and a copy across file systems
                Files.move(f.getValue(), tmp);
                renames.put(tmp, target);
            }
            ParallelIo.forEach(renames.keySet(), PARALLEL_FORCES, "lake-force", LocalLakeStore::force);
            for (Map.Entry<Path, Path> r : renames.entrySet()) {
                Files.move(r.getKey(), r.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            for (Path tmp : renames.keySet()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = resolve(key);
        Path tmp = temporaryBeside(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path resolve(String key) throws IOException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException("lake key " + key + " leaves the lake's directory " + root);
        }
        Files.createDirectories(target.getParent());
        return target;
    }

    private static Path temporaryBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
