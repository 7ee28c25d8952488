package br.com.etlvendas.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A main class of the test class path run in a JVM of its own, for tests that kill or signal whole processes. */
public final class JavaProcess {

    private JavaProcess() {
    }

    /** A process builder for {@code java -Xmx<maxHeap> <main> <args>} on this JVM's class path; not started. */
    public static ProcessBuilder of(String maxHeap, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
