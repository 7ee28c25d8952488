package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.LatestCommitted;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.file.FileIngestor;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.extract.s3.S3FileStore;
import br.com.etlvendas.load.postgres.WarehouseQueries;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * {@code ingest}: a one-shot run of files, directories or S3 prefixes through the whole pipeline into the
 * warehouse, ending with a reconciliation: rows read, lines loaded, rejected (by reason), duplicates
 * dropped, and the loaded totals; with the lake on, it then waits for the lake to hold the run too and says so.
 */
@Command(name = "ingest", description = "Load files, directories or s3://bucket/prefix through the pipeline, then reconcile.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "a file, a directory (its files), or s3://bucket/prefix")
    List<String> inputs;

    @Option(names = "--mapping", required = true, paramLabel = "FILE", description = "mapping file the inputs are read with")
    Path mapping;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "longest wait without progress for the pipeline to settle after publishing: the wait goes on "
                    + "while lines keep being loaded, rejected or dropped; 30s, 20m, 1h or ISO-8601 (default: 2m)")
    Duration settleTimeout;

    @Spec
    CommandSpec spec;

    private record Input(String uri, String version, long size, Opener opener) {
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Shutdown stop = new Shutdown().onSignal(out, "committing what was published (a new ingest of the same "
                + "inputs carries on from there), stopping the pipeline and servers");
        try {
            LoadedConfig config = files.loadForRun(stop, out);
            ColumnMapping columnMapping = MappingLoader.load(mapping, System.getenv());
            checkLocalInputs();
            Infrastructure infra = Infrastructure.start(config.etl(), stop);
            PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra));
            S3Client s3 = stop.add(infra.s3Client());
            List<Input> resolved = resolve(s3, infra.bucket);
            if (resolved.isEmpty()) {
                err.println("No files found in " + String.join(", ", inputs));
                return ExitCodes.FAILED;
            }
            List<String> fileIds = resolved.stream().map(in -> FileEvent.idOf(in.uri(), in.version())).toList();
            IngestRuns runs = new IngestRuns(config.etl().dataDir());
            Optional<String> unfinished = runs.unfinished(fileIds, mapping.toString());
            String runId = unfinished.orElseGet(() -> "ingest-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
            String source = runId + ":" + columnMapping.source();
            // The run's transactional id, taken before its files' progress is read: this fences a killed attempt's
            // producer and settles its last transaction (a commit already under way completes, anything else is
            // aborted), so the progress read next is final and no committed row is published again.
            SourcePublisher publisher = stop.add(new SourcePublisher(runtime.topics.raw(), infra.bootstrapServers,
                    "etl-vendas-" + runId));
            Map<String, FileEvent> before = unfinished.isPresent()
                    ? latestEvents(runtime.topics.files(), infra.bootstrapServers, fileIds) : Map.of();
            if (unfinished.isPresent()) {
                out.printf("Carrying on with the interrupted run %s (%d of %d files already published)%n", source,
                        before.values().stream().filter(FileEvent::finished).count(), resolved.size());
                out.flush();
            } else {
                runs.started(fileIds, mapping.toString(), runId);
            }
            RejectionReport rejections = RejectionReport.from(runtime.topics.dlq(), infra.bootstrapServers);
            FileIngestor ingestor = new FileIngestor(publisher, runtime.topics.files(),
                    config.etl().sources().s3().rowsPerTransaction(), Clock.systemUTC());
            RowMapper mapper = new RowMapper(columnMapping);
            ProgressBar bar = new ProgressBar(out);
            long rowsRead = 0;
            List<FileEvent> failed = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                Input in = resolved.get(i);
                String id = fileIds.get(i);
                FileEvent start = before.getOrDefault(id, new FileEvent(id, in.uri(), in.version(), in.size(),
                        mapping.toString(), FileEvent.Status.DISCOVERED, 0, 0, "", Clock.systemUTC().instant()));
                int index = i + 1;
                long earlier = rowsRead;
                FileEvent result;
                if (start.finished()) {
                    result = start; // published by the interrupted run
                } else {
                    try (InputStream stream = in.opener().open()) {
                        result = ingestor.ingest(start, stream, columnMapping.format(), mapper, sale -> sale.withSource(source),
                                rows -> bar.show(in.uri(), index, resolved.size(), earlier + rows));
                    } catch (IOException e) {
                        result = start.with(FileEvent.Status.FAILED, start.rowsDone(), start.rowsRejected(), e.getMessage(),
                                Clock.systemUTC().instant());
                    }
                }
                rowsRead += result.rowsDone();
                if (result.status() == FileEvent.Status.FAILED) {
                    failed.add(result);
                }
            }
            long expected = rowsRead;
            Reconciler.Accounting a = Reconciler.of(runtime, rejections::linesRefusedByWarehouse)
                    .await(source, expected, acc -> acc.balances(expected), settleTimeout, bar::showLoading);
            bar.done();
            LakeCatchUp.Outcome lake = LakeCatchUp.await(runtime.lakeOrNull(), runtime.topics.clean(),
                    infra.bootstrapServers, settleTimeout);
            report(out, resolved.size(), failed, rowsRead, a, rejections.byReason(source),
                    new WarehouseQueries(runtime.warehouse()).loadTotals(source), source, lake);
            runs.finished(fileIds, mapping.toString());
            return a.balances(rowsRead) && failed.isEmpty() && lake.ok() ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            stop.run();
        }
    }

    /** The latest committed event of each of these files, where there is one. */
    private static Map<String, FileEvent> latestEvents(Topic<String, FileEvent> files, String bootstrap, List<String> ids) {
        try (LatestCommitted<FileEvent> latest = new LatestCommitted<>(files, bootstrap)) {
            latest.catchUp();
            Map<String, FileEvent> found = new HashMap<>();
            for (String id : ids) {
                latest.get(id).ifPresent(e -> found.put(id, e));
            }
            return found;
        }
    }

    private static void report(PrintWriter out, int files, List<FileEvent> failed, long rowsRead, Reconciler.Accounting a,
                               Map<String, Long> byReason, WarehouseQueries.LoadTotals totals, String source,
                               LakeCatchUp.Outcome lake) {
        out.printf("ingest: source=%s files=%d failed_files=%d%n", source, files, failed.size());
        for (FileEvent f : failed) {
            out.printf("  failed file %s after %d rows: %s%n", f.uri(), f.rowsDone(), f.message());
        }
        out.printf("reconciliation: rows_read=%d loaded=%d rejected=%d %s (%s)%s%n",
                rowsRead, a.loaded(), a.rejected(), a.sum(), a.balances(rowsRead) ? "OK" : "MISMATCH",
                a.refusalNote() + a.replayNote());
        if (!byReason.isEmpty()) {
            out.println("rejected by reason:");
            byReason.forEach((reason, n) -> out.printf("  %6d  %s%n", n, reason));
        }
        out.printf("loaded totals: lines=%d orders=%d customers=%d products=%d quantity=%s net_amount=%s%n",
                totals.lines(), totals.orders(), totals.customers(), totals.products(),
                totals.quantity().stripTrailingZeros().toPlainString(), totals.netAmount().amount().toPlainString());
        out.println(lake.line());
        out.flush();
    }

    private void checkLocalInputs() {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String input : inputs) {
            if (!input.startsWith("s3://") && !Files.exists(Path.of(input))) {
                problems.add(new ConfigProblem("ingest", input, "no such file or directory"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private List<Input> resolve(S3Client s3, String defaultBucket) throws IOException {
        List<Input> resolved = new ArrayList<>();
        for (String input : inputs) {
            if (input.startsWith("s3://")) {
                String rest = input.substring(5);
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String prefix = slash < 0 ? "" : rest.substring(slash + 1);
                for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                    if (!o.key().endsWith("/")) {
                        resolved.add(new Input(S3FileStore.uri(bucket, o.key()), o.eTag().replace("\"", ""), o.size(),
                                () -> s3.getObject(b -> b.bucket(bucket).key(o.key()))));
                    }
                }
            } else {
                Path path = Path.of(input).toAbsolutePath().normalize();
                List<Path> paths = new ArrayList<>();
                if (Files.isDirectory(path)) {
                    try (Stream<Path> s = Files.list(path)) {
                        s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                                .forEach(paths::add);
                    }
                } else {
                    paths.add(path);
                }
                for (Path p : paths) {
                    BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
                    resolved.add(new Input(p.toUri().toString(), attrs.size() + "-" + attrs.lastModifiedTime().toMillis(),
                            attrs.size(), () -> Files.newInputStream(p)));
                }
            }
        }
        return resolved;
    }
}
