package br.com.etlvendas.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Connect standalone worker ({@code org.apache.kafka:connect-runtime}, the product's Kafka version) with one
 * connector, for {@code bench load}: {@code ConnectStandalone} as {@code connect-standalone.sh} runs it, in a JVM of
 * its own on the jars {@code bench-connect/} gathers, its log (stdout and stderr) in a file. Not in this JVM:
 * Hibernate, under the Debezium sink, also looks up classes through the system class loader, where it finds the
 * product's Jackson modules and fails on them; Connect brings its own Jetty, Jersey, Jackson and SLF4J besides.
 */
final class ConnectStandaloneProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    ConnectStandaloneProcess(Path libDir, Map<String, String> workerProps, Map<String, String> connectorProps, Path workDir)
            throws IOException {
        if (!Files.isDirectory(libDir)) {
            throw new IOException("no Kafka Connect jars in " + libDir + " (run `mvn -s bench-connect/settings.xml "
                    + "-f bench-connect/pom.xml package`, as ./etl-vendas bench load does)");
        }
        Path worker = write(workerProps, workDir.resolve("worker.properties"));
        Path connector = write(connectorProps, workDir.resolve("connector.properties"));
        this.log = workDir.resolve("connect.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.process = new ProcessBuilder(List.of(java, "-Xms256m", "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", libDir.toAbsolutePath() + "/*", "org.apache.kafka.connect.cli.ConnectStandalone",
                worker.toString(), connector.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Fails, pointing at the log, once the worker has ended by itself. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Kafka Connect worker ended with exit code " + process.exitValue()
                    + "; its log is " + log + " (run with --keep to look at it)");
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: Connect stops its tasks and commits their offsets
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path write(Map<String, String> props, Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(props);
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "written by bench load");
        }
        return file;
    }
}
