package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.embedded.FreePort;

import java.util.List;

/** Refuses to start on a port something else already uses, naming the port and the key that sets it. */
final class PortGuard {

    private PortGuard() {
    }

    static void check(int port, String key, String file, List<ConfigProblem> problems) {
        if (port != 0 && !FreePort.isFree(port)) {
            problems.add(new ConfigProblem(file, key, "port " + port + " is already in use by another program; "
                    + "stop it or set " + key + " to a free port (0 picks one)"));
        }
    }
}
