package br.com.etlvendas.cli;

import br.com.etlvendas.it.JavaProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code etl-vendas} command run in a JVM of its own from the test class path — for tests that kill, signal
 * or scale out whole processes — with everything it prints appended to a file.
 */
final class ChildCommand {

    private ChildCommand() {
    }

    /** A process builder for {@code etl-vendas <args>} with this heap, printing to {@code output}; not started. */
    static ProcessBuilder of(String maxHeap, Path output, String... args) {
        return JavaProcess.of(maxHeap, EtlVendasCommand.class, args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    }

    /** Waits (up to 2 minutes) until the process has printed {@code text} to {@code output}; fails if it ends first. */
    static void awaitPrinted(Path output, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            String printed = Files.exists(output) ? Files.readString(output) : "";
            if (printed.contains(text)) {
                return;
            }
            assertThat(process.isAlive()).as("still running: %s", printed).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("never printed '" + text + "': " + Files.readString(output));
    }

    /** Sends SIGTERM, as Ctrl-C or a service manager would. */
    static void terminate(Process process) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    }
}
