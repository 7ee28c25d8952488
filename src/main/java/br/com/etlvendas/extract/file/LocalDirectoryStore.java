package br.com.etlvendas.extract.file;

import br.com.etlvendas.config.DirectorySourceConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files dropped in local directories. A file's version is its size and modification time, so a file
 * rewritten in place is read again as a new version. Hidden files, files still being written (changed in
 * the last second) and the {@code processed} sub-directory are left alone.
 */
public final class LocalDirectoryStore implements FileStore {

    static final String PROCESSED = "processed";

    private final List<DirectorySourceConfig.Watch> watches;

    public LocalDirectoryStore(List<DirectorySourceConfig.Watch> watches) {
        this.watches = watches;
    }

    @Override
    public List<FileRef> list() throws IOException {
        List<FileRef> refs = new ArrayList<>();
        long settled = System.currentTimeMillis() - 1000;
        for (DirectorySourceConfig.Watch w : watches) {
            Path dir = w.directory().toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    String name = f.getFileName().toString();
                    if (!a.isRegularFile() || name.startsWith(".") || a.lastModifiedTime().toMillis() > settled) {
                        continue;
                    }
                    refs.add(new FileRef(f.toUri().toString(), name, a.size() + "-" + a.lastModifiedTime().toMillis(),
                            a.size(), w.mapping()));
                }
            }
        }
        return refs;
    }

    @Override
    public InputStream open(FileRef file) throws IOException {
        return Files.newInputStream(Path.of(java.net.URI.create(file.uri())));
    }

    @Override
    public boolean owns(String uri) {
        return uri.startsWith("file:");
    }

    @Override
    public void afterProcessing(FileRef file) throws IOException {
        Path path = Path.of(java.net.URI.create(file.uri()));
        for (DirectorySourceConfig.Watch w : watches) {
            if (w.moveWhenDone() && path.getParent().equals(w.directory().toAbsolutePath().normalize())) {
                Path target = Files.createDirectories(path.resolveSibling(PROCESSED)).resolve(path.getFileName());
                Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
