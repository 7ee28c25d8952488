package br.com.etlvendas.config;

/**
 * One thing wrong with a configuration file: which file, which key path, and what is wrong, in words a
 * user can act on.
 */
public record ConfigProblem(String file, String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? file + ": " + message : file + ": " + path + ": " + message;
    }
}
