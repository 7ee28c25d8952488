package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;

import java.io.PrintWriter;

/** Exit codes of the command line: 0 done, 1 the run failed, 2 bad configuration or arguments. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int CONFIG = 2;

    private ExitCodes() {
    }

    static void printProblems(PrintWriter err, ConfigException e) {
        err.printf("Configuration has %d problem(s):%n", e.problems().size());
        for (ConfigProblem p : e.problems()) {
            err.printf("  - %s%n", p);
        }
        err.flush();
    }
}
