package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.DashboardConfig;
import br.com.etlvendas.config.EtlConfig;
import br.com.etlvendas.config.KafkaConfig;
import br.com.etlvendas.config.S3Config;
import br.com.etlvendas.config.WarehouseConfig;
import br.com.etlvendas.embedded.FreePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Refuses to start on a port something else already uses, naming the port and the key that sets it. */
final class PortGuard {

    private PortGuard() {
    }

    /**
     * Checks every port a process running these roles would listen on (the embedded servers' whatever the
     * roles, the dashboard's only with {@link Role#SERVE}); throws listing each one taken.
     */
    static void checkAll(EtlConfig etl, String file, Set<Role> roles) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (etl.kafka().embedded()) {
            check(etl.kafka().embeddedPort(), KafkaConfig.EMBEDDED_PORT_KEY, file, problems);
            check(etl.kafka().embeddedControllerPort(), KafkaConfig.EMBEDDED_CONTROLLER_PORT_KEY, file, problems);
        }
        if (etl.warehouse().embedded()) {
            check(etl.warehouse().embeddedPort(), WarehouseConfig.EMBEDDED_PORT_KEY, file, problems);
        }
        if (etl.s3().embedded()) {
            check(etl.s3().embeddedPort(), S3Config.EMBEDDED_PORT_KEY, file, problems);
        }
        if (roles.contains(Role.SERVE)) {
            check(etl.dashboard().port(), DashboardConfig.PORT_KEY, file, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    static void check(int port, String key, String file, List<ConfigProblem> problems) {
        if (port != 0 && !FreePort.isFree(port)) {
            problems.add(new ConfigProblem(file, key, "port " + port + " is already in use by another program; "
                    + "stop it or set " + key + " to a free port (0 picks one)"));
        }
    }
}
