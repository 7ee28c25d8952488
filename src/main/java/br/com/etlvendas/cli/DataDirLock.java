package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One running ETL Vendas per data directory: an operating-system lock on {@code <data-dir>/etl-vendas.lock},
 * held while the command runs and released by the kernel when the process ends, however it ends. Holding it
 * is what makes anything else found running on the directory (an embedded PostgreSQL a killed run left
 * behind) a leftover that may be stopped, never a live sibling's server.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "etl-vendas.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the data directory, or refuses naming the process that has it.
     *
     * @param configFile the file that set {@code data-dir}, for the message
     */
    static DataDirLock acquire(Path dataDir, String configFile) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another command in this very JVM
            }
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new ConfigException(List.of(new ConfigProblem(configFile, "data-dir",
                        "data directory " + dir + " is in use by another running ETL Vendas" + holder
                                + "; stop it, or give this process a data directory of its own (data-dir, e.g. ETL_DATA_DIR=./data/worker-2)")));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataDirLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data directory " + dir, e);
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel; nothing else to undo
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "lock " + file;
    }
}
