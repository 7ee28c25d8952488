package br.com.etlvendas.cli;

import br.com.etlvendas.it.JavaProcess;

import java.io.IOException;
import java.nio.file.Path;

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

    /** Sends SIGTERM, as Ctrl-C or a service manager would. */
    static void terminate(Process process) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    }
}
