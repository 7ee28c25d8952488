package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dlq list} and {@code dlq replay} run in-process as a user runs them, on the shared real Kafka, PostgreSQL
 * and S3: rows a mapping could not read are listed with their reasons and origins, replayed after the mapping is
 * fixed, loaded once, and a second replay sends nothing.
 */
@ExtendWith(EmbeddedStack.class)
class DlqCommandIT {

    private static final String NAME = "dlq-replay";

    private static String[] args(String... args) {
        Path dir = EmbeddedStack.configDir(NAME);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", dir.resolve("etl-config.yml").toString(), "--topics", dir.resolve("topics.yml").toString()));
        return all.toArray(String[]::new);
    }

    /** The Superstore export's first seven rows, three of them with dates the mapping does not know. */
    private static Path exportWithBadDates(Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("samples", "superstore.csv")).subList(0, 8));
        lines.set(3, lines.get(3).replace("\"6/12/2016\"", "\"12.6.2016\""));   // row 3: d.M.yyyy
        lines.set(5, lines.get(5).replace("\"10/11/2015\"", "\"11.10.2015\""));  // row 5: d.M.yyyy
        lines.set(7, lines.get(7).replace("\"6/9/2014\"", "\"someday\""));       // row 7: no date at all
        assertThat(lines.get(3)).contains("12.6.2016");
        assertThat(lines.get(5)).contains("11.10.2015");
        assertThat(lines.get(7)).contains("someday");
        Path file = dir.resolve("superstore-dotted.csv");
        Files.write(file, lines);
        return file;
    }

    /** The Superstore mapping, fixed: it reads d.M.yyyy dates too. */
    private static Path fixedMapping(Path dir) throws IOException {
        String yml = Files.readString(Path.of("config", "mappings", "superstore.yml"))
                .replace("patterns: [\"M/d/yyyy\"]", "patterns: [\"M/d/yyyy\", \"d.M.yyyy\"]");
        assertThat(yml).contains("d.M.yyyy");
        Path file = dir.resolve("superstore-fixed.yml");
        Files.writeString(file, yml);
        return file;
    }

    private static String sourceOf(String ingestOut) {
        Matcher m = Pattern.compile("ingest: source=(\\S+)").matcher(ingestOut);
        assertThat(m.find()).as(ingestOut).isTrue();
        return m.group(1);
    }

    private static long[] linesAndDistinctLines(LoadedConfig config, String source) throws SQLException {
        var w = config.etl().warehouse();
        try (Connection c = DriverManager.getConnection(w.jdbcUrl().orElseThrow(), w.user(), "");
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*), count(DISTINCT (sale_id, line_no)) FROM sale_line WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void givenRowsTheMappingCouldNotReadWhenTheMappingIsFixedAndTheyAreReplayedThenTheyLoadOnceAndTheBooksBalance(
            @TempDir Path dir) throws Exception {
        // given an ingest of seven rows, three of which the mapping could not read
        LoadedConfig config = EmbeddedStack.configFor(NAME, "");
        CliRun ingest = CliRun.of(args("ingest", exportWithBadDates(dir).toString(), "--mapping", "config/mappings/superstore.yml"));
        assertThat(ingest.exitCode()).as(ingest.printed()).isZero();
        assertThat(ingest.out()).contains("reconciliation: rows_read=7 loaded=4 rejected=3 duplicates=0 "
                + "loaded+rejected+duplicates=7 (OK)");
        String source = sourceOf(ingest.out());

        // when listed
        CliRun list = CliRun.of(args("dlq", "list", "--source", "superstore"));

        // then each is shown with its reason and its file and line, and the summary counts them
        assertThat(list.exitCode()).as(list.printed()).isZero();
        assertThat(list.out())
                .contains("superstore-dotted.csv#L4").contains("superstore-dotted.csv#L6").contains("superstore-dotted.csv#L8")
                .contains("12.6.2016").contains("someday")
                .contains("dlq: matched=3 shown=3 lines=3 replayed=0")
                .contains("by stage:\n       3  validate\n");
        CliRun onlyOne = CliRun.of(args("dlq", "list", "--reason", "someday", "--format", "json"));
        assertThat(onlyOne.out()).contains("\"matched\" : 1").contains("superstore-dotted.csv#L8");

        // when replayed without a mapping for the ingest's source: every such record is named, exit 2, nothing sent
        CliRun noMapping = CliRun.of(args("dlq", "replay", "--dry-run"));
        assertThat(noMapping.exitCode()).as(noMapping.printed()).isEqualTo(2);
        assertThat(noMapping.out()).contains("problems=3").contains("--mapping").contains("nothing sent");

        // when tried first, then replayed with the fixed mapping
        Path fixed = fixedMapping(dir);
        CliRun dryRun = CliRun.of(args("dlq", "replay", "--mapping", fixed.toString(), "--dry-run"));
        assertThat(dryRun.exitCode()).as(dryRun.printed()).isZero();
        assertThat(dryRun.out()).contains("to_send=3 lines=3").contains("(dry run: nothing sent)")
                .contains("mapped again, still fails");
        CliRun replay = CliRun.of(args("dlq", "replay", "--mapping", fixed.toString()));

        // then two rows load, the one with no date goes back to the DLQ, and every replayed line is accounted for
        assertThat(replay.exitCode()).as(replay.printed()).isZero();
        assertThat(replay.out()).contains("replayed: source=" + source + " lines=3 loaded=2 back_to_dlq=1 duplicates=0 "
                + "loaded+back_to_dlq+duplicates=3 (OK)");
        assertThat(linesAndDistinctLines(config, source)).as("every row in the warehouse once").containsExactly(6, 6);

        // when replayed again
        CliRun again = CliRun.of(args("dlq", "replay", "--mapping", fixed.toString()));

        // then nothing is sent: the three were replayed already, the one rejected again waits to be named with --ids
        assertThat(again.exitCode()).as(again.printed()).isZero();
        assertThat(again.out()).contains("to_send=0").contains("(nothing to replay)").contains("already replayed at")
                .contains("name it with --ids");
        assertThat(linesAndDistinctLines(config, source)).containsExactly(6, 6);
        CliRun after = CliRun.of(args("dlq", "list", "--source", source));
        assertThat(after.out()).contains("dlq: matched=4 shown=4 lines=4 replayed=3").contains("(replay of ");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void givenBadArgumentsWhenListingOrReplayingThenEveryProblemIsListedAndTheExitCodeIs2() {
        // given
        EmbeddedStack.configFor("dlq-args", "");
        Path dir = EmbeddedStack.configDir("dlq-args");
        String[] config = {"--config", dir.resolve("etl-config.yml").toString(), "--topics", dir.resolve("topics.yml").toString()};

        // when
        List<String> replayArgs = new ArrayList<>(List.of("dlq", "replay", "--ids", "0:1,x", "--limit", "0", "--since",
                "yesterday", "--mapping", "no-such-mapping.yml"));
        replayArgs.addAll(List.of(config));
        CliRun replay = CliRun.of(replayArgs.toArray(String[]::new));
        List<String> listArgs = new ArrayList<>(List.of("dlq", "list", "--format", "xml"));
        listArgs.addAll(List.of(config));
        CliRun list = CliRun.of(listArgs.toArray(String[]::new));

        // then
        assertThat(replay.exitCode()).as(replay.printed()).isEqualTo(2);
        assertThat(replay.err()).contains("4 problem(s)").contains("'x' is not a DLQ id").contains("--limit")
                .contains("'yesterday'").contains("no-such-mapping.yml");
        assertThat(list.exitCode()).as(list.printed()).isEqualTo(2);
    }
}
