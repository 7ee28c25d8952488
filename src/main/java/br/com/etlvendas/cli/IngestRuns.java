package br.com.etlvendas.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ingest} runs that started and did not end, kept under {@code <data-dir>/ingest-runs/}: one small
 * file per set of inputs (their file ids and the mapping), holding the run's id. A run killed before its
 * reconciliation (kill -9, a crash, a power cut) is found again by the next {@code ingest} of the same inputs,
 * which carries on under the same id — files already published are not published again, a file half
 * published resumes after its last committed row — so the final reconciliation covers every row once.
 */
final class IngestRuns {

    private final Path dir;

    IngestRuns(Path dataDir) {
        this.dir = dataDir.resolve("ingest-runs");
    }

    /** The run id of an unfinished run over exactly these inputs, if there is one. */
    Optional<String> unfinished(List<String> fileIds, String mapping) {
        Path file = fileFor(fileIds, mapping);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    .filter(s -> !s.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Records that a run over these inputs has started (atomically: the file is whole or absent). */
    void started(List<String> fileIds, String mapping, String runId) {
        Path file = fileFor(fileIds, mapping);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "run", ".tmp");
            Files.writeString(tmp, runId + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the ingest run in " + dir, e);
        }
    }

    /** Records that the run over these inputs ended with its reconciliation: the next ingest is a new run. */
    void finished(List<String> fileIds, String mapping) {
        try {
            Files.deleteIfExists(fileFor(fileIds, mapping));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the ingest runs in " + dir, e);
        }
    }

    private Path fileFor(List<String> fileIds, String mapping) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(mapping.getBytes(StandardCharsets.UTF_8));
            for (String id : fileIds) {
                sha.update((byte) 0);
                sha.update(id.getBytes(StandardCharsets.UTF_8));
            }
            return dir.resolve(HexFormat.of().formatHex(sha.digest(), 0, 16) + ".run");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
