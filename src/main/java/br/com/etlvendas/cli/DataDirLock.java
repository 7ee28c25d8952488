package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Holds the data directory for one process. Kafka Streams keeps its state and its process id there, so two
 * processes sharing one would open the same RocksDB stores and pass for one member of the group: each
 * process on a machine needs a data directory of its own, and this says so before anything starts.
 */
final class DataDirLock implements AutoCloseable {

    private static final String FILE = ".etl-vendas-run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or throws naming it and what to do when another process holds it. */
    static DataDirLock acquire(Path dataDir, String configFile) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM already: the same conflict as another process holding it
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data directory " + file.getParent() + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new ConfigException(List.of(new ConfigProblem(configFile, "data-dir", file.getParent()
                + " is in use by another running etl-vendas process; give each process on this machine a data "
                + "directory of its own (e.g. ETL_DATA_DIR=./data/worker-2)")));
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
