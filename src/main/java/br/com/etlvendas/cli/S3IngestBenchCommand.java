package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.embedded.Directories;
import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import br.com.etlvendas.embedded.EmbeddedS3Server;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.s3.S3Clients;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench s3-ingest}: the S3 source's throughput as a ratio to the raw producer ceiling, both measured
 * in this run on fresh embedded servers (warm-up rounds first, then the median of the measured rounds).
 */
@Command(name = "s3-ingest", description = "Measure the S3 source against the plain-producer ceiling, in the same run.")
final class S3IngestBenchCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Option(names = "--rows", defaultValue = "300000", description = "rows per measured round (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--objects", defaultValue = "6", description = "CSV objects the rows are split into (default: ${DEFAULT-VALUE})")
    int objects;

    @Option(names = "--rounds", defaultValue = "3", description = "measured rounds of each (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "2", description = "full-size rounds of each run first and not measured, so that"
            + " the JIT has compiled the broker's, the S3 server's and the source's code (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--mapping", defaultValue = "config/mappings/superstore.yml", description = "mapping the objects are read with")
    Path mappingPath;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LoadedConfig config = files.load();
        ColumnMapping mapping = MappingLoader.load(mappingPath, System.getenv());
        Path dir = Files.createTempDirectory("etl-vendas-bench");
        Shutdown stop = new Shutdown();
        try {
            EmbeddedKafkaBroker kafka = stop.add(new EmbeddedKafkaBroker(dir.resolve("kafka"), 0, 0).start());
            EmbeddedS3Server s3Server = stop.add(new EmbeddedS3Server(dir.resolve("s3"), 0, "bench", "bench-secret").start());
            Topics topics = Topics.from(config.topics());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                TopicProvisioner.ensure(admin, config.topics());
            }
            S3Client s3 = stop.add(S3Clients.create(s3Server.endpoint(), "us-east-1", "bench", "bench-secret"));
            s3.createBucket(b -> b.bucket("bench"));
            S3IngestBenchmark bench = new S3IngestBenchmark(topics, kafka.bootstrapServers(), s3, "bench", mapping, mappingPath);
            out.printf("bench s3-ingest: %,d rows in %d CSV objects per round, %d measured rounds after %d warm-up rounds%n",
                    rows, objects, rounds, warmup);
            out.flush();
            for (int w = 0; w < warmup; w++) {
                List<String> warm = bench.prepare("warm-" + w + "/", rows, objects);
                bench.ceiling(warm);
                bench.s3ReadOnly(warm, rows);
                bench.s3Ingest(warm, config.etl().sources().s3().rowsPerTransaction(), "bench-warm-" + w);
            }
            S3IngestBenchmark.Measure[] ceiling = new S3IngestBenchmark.Measure[rounds];
            S3IngestBenchmark.Measure[] read = new S3IngestBenchmark.Measure[rounds];
            S3IngestBenchmark.Measure[] source = new S3IngestBenchmark.Measure[rounds];
            for (int r = 0; r < rounds; r++) {
                List<String> keys = bench.prepare("round-" + r + "/", rows, objects);
                ceiling[r] = bench.ceiling(keys);
                read[r] = bench.s3ReadOnly(keys, rows);
                source[r] = bench.s3Ingest(keys, config.etl().sources().s3().rowsPerTransaction(), "bench-" + r);
                out.printf("  round %d: ceiling %,.0f rows/s (%.1f us CPU/row), s3 source %,.0f rows/s (%.1f us CPU/row),"
                                + " ratio %.2f; s3 read alone %.1f us CPU/row; GC %.2f s / %.2f s; JIT %.2f s / %.2f s%n", r + 1,
                        ceiling[r].rowsPerSecond(), ceiling[r].cpuMicrosPerRow(), source[r].rowsPerSecond(),
                        source[r].cpuMicrosPerRow(), source[r].rowsPerSecond() / ceiling[r].rowsPerSecond(),
                        read[r].cpuMicrosPerRow(), ceiling[r].gcSeconds(), source[r].gcSeconds(), ceiling[r].jitSeconds(),
                        source[r].jitSeconds());
                out.flush();
            }
            double c = median(ceiling, S3IngestBenchmark.Measure::rowsPerSecond);
            double s = median(source, S3IngestBenchmark.Measure::rowsPerSecond);
            double ratio = s / c;
            double cCpu = median(ceiling, S3IngestBenchmark.Measure::cpuMicrosPerRow);
            double sCpu = median(source, S3IngestBenchmark.Measure::cpuMicrosPerRow);
            out.printf("ceiling (plain producer, pre-serialised records): %,.0f rows/s (median), %.1f us of process CPU per row%n", c, cCpu);
            out.printf("S3 CSV objects -> sales.raw (read, parse, map, publish transactionally): %,.0f rows/s (median),"
                    + " %.1f us of process CPU per row%n", s, sCpu);
            out.printf("  of which streaming the objects from the embedded S3 server alone: %.1f us per row%n",
                    median(read, S3IngestBenchmark.Measure::cpuMicrosPerRow));
            out.printf("ratio: %.2f (target >= 0.70) %s%n", ratio, ratio >= 0.70 ? "OK" : "BELOW TARGET");
            out.printf("CPU ratio (ceiling CPU per row / source CPU per row): %.2f, the throughput ratio's match when both runs"
                    + " are CPU-bound (%d cores here); 0.70 would leave the source %.1f us of CPU per row%n", cCpu / sCpu,
                    Runtime.getRuntime().availableProcessors(), cCpu / 0.70);
            out.flush();
            return ratio >= 0.70 ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            stop.run();
            Directories.deleteTree(dir);
        }
    }

    private static double median(S3IngestBenchmark.Measure[] measures, ToDoubleFunction<S3IngestBenchmark.Measure> value) {
        double[] v = Arrays.stream(measures).mapToDouble(value).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
