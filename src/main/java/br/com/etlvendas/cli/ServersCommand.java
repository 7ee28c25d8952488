package br.com.etlvendas.cli;

import br.com.etlvendas.config.EtlConfig;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.sale.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.concurrent.Callable;

/**
 * {@code servers}: starts only the embedded Kafka, PostgreSQL and S3 servers (each one whose external
 * endpoint is not configured), creates the topics and migrates the warehouse schema, so that {@code run}
 * processes can start at once; prints where the servers are and the environment those processes export,
 * then runs until Ctrl-C.
 */
@Command(name = "servers", description = "Start only the embedded Kafka, PostgreSQL and S3 for other processes to share.")
final class ServersCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Shutdown stop = new Shutdown().onSignal(out, "stopping the servers");
        try {
            LoadedConfig config = files.loadForRun(stop, out, EnumSet.noneOf(Role.class));
            EtlConfig etl = config.etl();
            out.println("Starting the servers (data under " + etl.dataDir().toAbsolutePath().normalize() + ") ...");
            out.flush();
            Infrastructure infra = Infrastructure.start(etl, stop);
            Topics topics = PipelineRuntime.provisionTopics(config, infra.bootstrapServers);
            PipelineRuntime.migratedWarehouse(infra, "servers-migration").close();
            Endpoints endpoints = Endpoints.of(etl, infra);
            out.println();
            out.println("ETL Vendas servers are ready:");
            endpoints.printWhere(out);
            out.printf("  Topics           %s, %s, %s, %s, %s, %s (ready)%n", topics.raw().name(), topics.clean().name(),
                    topics.dlq().name(), topics.kpiTotals().name(), topics.files().name(), topics.sourceState().name());
            out.println("  Schema           migrated");
            out.println();
            out.println("In each shell that runs `./etl-vendas run --roles ...`, export:");
            endpoints.environment().forEach(line -> out.println("  " + line));
            out.println("(on one machine, give each run process its own ETL_DATA_DIR as well)");
            out.println();
            out.flush();
            if (!etl.kafka().embedded() && !etl.warehouse().embedded() && !etl.s3().embedded()) {
                out.println("Every endpoint is external: nothing to keep running.");
                out.flush();
                return ExitCodes.OK;
            }
            stop.runUntilSignalled(out);
            return ExitCodes.OK;
        } finally {
            stop.run();
        }
    }
}
