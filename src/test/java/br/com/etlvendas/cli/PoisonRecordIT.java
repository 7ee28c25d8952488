package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.DlqHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A custom transformation step that throws for some sales during a real pipeline run: those records go to the DLQ
 * (stage transform), the rest loads, the books balance, and {@code /health} shows the failures while staying UP.
 */
@ExtendWith(EmbeddedStack.class)
class PoisonRecordIT {

    @Test
    void shouldSendTheSalesACustomStepThrowsOnToTheDlqLoadTheRestAndShowTheCountOnHealth() throws Exception {
        // given a pipeline whose custom step throws for every sale id ending in 7 (a top-level section after sources)
        LoadedConfig config = EmbeddedStack.configFor("poison", String.join("\n",
                "    sales-per-second: 2000",
                "    invalid-fraction: 0",
                "    duplicate-fraction: 0",
                "    seed: 20260701"), String.join("\n",
                "transformations:",
                "  - type: custom",
                "    name: fragile",
                "    class: br.com.etlvendas.transform.step.FailingStep",
                "    config:",
                "      fail-for-sale-ending: \"7\""));
        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra)) {
            // when
            GeneratedRun generated = GeneratedRun.accountedFor(runtime, config, infra, "poison-run", 1000);
            RejectionReport dlq = RejectionReport.fromStart(runtime.topics.dlq(), infra.bootstrapServers);
            Reconciler.Accounting a = generated.accounting();

            // then every line is loaded or rejected (every line accounted for, checked by accountedFor), some
            // rejected by the step, and those are in the DLQ as such
            assertThat(a.rejected()).isPositive();
            assertThat(a.loaded()).isPositive();
            assertThat(dlq.byReason(generated.source()).keySet())
                    .containsExactly("step '…' threw java.lang.IllegalStateException: cannot handle sale poison-run-…"); // values blanked by shape

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + runtime.dashboard().port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode h = new ObjectMapper().readTree(health.body());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(h.path("status").asText()).isEqualTo("UP");
            assertThat(h.path("poisonRecords").asLong()).as(health.body()).isPositive();
            assertThat(h.path("streamsLag").isNumber()).as("Streams' lag on sales.raw: " + health.body()).isTrue();
            assertThat(h.path("loaderLag").isNumber()).as("the loader's lag on sales.clean").isTrue();
            assertThat(h.path("loaderLag").asLong()).as("everything loaded, nothing left to read").isZero();
            assertThat(h.path("lastPoisonRecord").path("stage").asText()).isEqualTo(DlqHeaders.STAGE_TRANSFORM + ":fragile");
        }
    }
}
