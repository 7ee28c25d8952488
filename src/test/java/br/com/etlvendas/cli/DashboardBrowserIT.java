package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.generator.GeneratorSource;
import br.com.etlvendas.it.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium while the whole pipeline loads generated sales: the page follows the
 * stream, a filter applied in the page is followed by live updates, and once the stream is quiet the figures shown
 * equal SQL over the warehouse, formatted for Brazil. Saves the screenshot the README shows ({@code docs/dashboard.png}).
 */
@ExtendWith(EmbeddedStack.class)
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Locale PT_BR = new Locale("pt", "BR");

    @Test
    void shouldShowLiveFilteredFiguresEqualToTheWarehouseAndSaveAScreenshot() throws Exception {
        // given the whole pipeline, with sales arriving for a while
        LoadedConfig config = EmbeddedStack.configFor("dashboard-browser", String.join("\n",
                "    sales-per-second: 150",
                "    invalid-fraction: 0.04",
                "    duplicate-fraction: 0.05",
                "    seed: 20261130"));
        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra)) {
            GeneratorSource generator = new GeneratorSource(runtime.topics.raw(), config.etl().generator(),
                    infra.bootstrapServers, "browser-run", OptionalLong.of(3000), Clock.systemUTC());
            Thread sales = new Thread(generator, "browser-it-generator");
            sales.start();
            WebDriver driver = startHeadlessChromium();
            try {
                // when the page is opened
                driver.get("http://127.0.0.1:" + runtime.dashboard().port() + "/");

                // then it is live and shows warehouse figures
                awaitState(driver, "live");
                await(driver, d -> !text(d, "revenue-range").equals("—"), "the range revenue to show");

                // when a state is chosen and applied
                await(driver, d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "return [...document.querySelectorAll('#f-state option')].some(o => o.value === 'SP');")), "SP among the states");
                ((JavascriptExecutor) driver).executeScript("document.getElementById('f-state').value = 'SP';");
                driver.findElement(By.id("apply")).click();
                await(driver, d -> d.getCurrentUrl().contains("state=SP"), "the filter in the address");

                // then a live update for the filter arrives while sales still flow
                long firstVersion = awaitLoadedVersionAbove(driver, -1);
                awaitLoadedVersionAbove(driver, firstVersion);
                assertThat(sales.isAlive() || firstVersion >= 0).isTrue();

                // and once the pipeline is quiet, the page shows what SQL says
                sales.join(WAIT.toMillis() * 2);
                assertThat(sales.isAlive()).as("the generator finished").isFalse();
                long quiet = awaitQuiet(driver, runtime);
                Figures sql = figures(runtime, "SP");
                assertThat(quiet).as("page and SQL at the same warehouse moment").isEqualTo(sql.loadedVersion);
                assertThat(amount(driver, "revenue-range", "BRL")).isEqualTo(brl(sql.revenue));
                assertThat(text(driver, "orders")).isEqualTo(integer(sql.orders));
                assertThat(amount(driver, "avg-ticket", "BRL")).isEqualTo(brl(sql.revenue.divide(BigDecimal.valueOf(sql.orders), 2, RoundingMode.HALF_EVEN)));
                assertThat(text(driver, "status")).isEqualTo("ao vivo");
                assertThat(text(driver, "range-label")).isEqualTo("todo o período");
                assertThat(driver.findElements(By.cssSelector("#chart-time canvas"))).as("the chart is drawn").isNotEmpty();
                assertThat(driver.findElements(By.cssSelector("#sources tbody tr"))).as("the source's state").hasSize(1);
                assertThat(text(driver, "dlq-count")).isNotEqualTo("—");
                await(driver, d -> text(d, "rate-loaded").equals("0"), "the loaded rate to fall to zero once the data stops");
                await(driver, d -> !d.findElements(By.cssSelector("#dlq-reasons li")).isEmpty(), "the latest DLQ reasons");

                // the revenue figures keep each amount on one line at 1400 px
                Object wrapped = ((JavascriptExecutor) driver).executeScript(
                        "return [...document.querySelectorAll('.card .value .amount')].filter(a => {"
                                + " const r = document.createRange(); r.selectNodeContents(a);"
                                + " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; }).length;");
                assertThat(((Number) wrapped).intValue()).as("amounts broken across lines").isZero();

                byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
                Path shot = Files.write(Path.of("docs", "dashboard.png"), png);
                assertThat(Files.readAllBytes(shot)).startsWith(0x89, 'P', 'N', 'G');

                // the API explorer renders this server's own document, from the jar
                ((JavascriptExecutor) driver).executeScript("window.open('/api-docs.html', 'explorer');");
                String dashboardWindow = driver.getWindowHandle();
                driver.switchTo().window("explorer");
                await(driver, d -> !d.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty()
                        && d.findElement(By.cssSelector(".swagger-ui .info .title")).getText().contains("ETL Vendas API"), "the API explorer");
                assertThat(driver.findElements(By.cssSelector(".opblock-summary-path"))).extracting(e -> e.getText().replace("\u200B", "").strip())
                        .contains("/api/warehouse/kpis", "/api/stream");
                driver.close();
                driver.switchTo().window(dashboardWindow);

                // when the server goes away, the page says so
                runtime.dashboard().close();
                awaitState(driver, "error");
            } finally {
                driver.quit();
                generator.close();
            }
        }
    }

    private static String amount(WebDriver driver, String id, String currency) {
        return driver.findElement(By.cssSelector("#" + id + " .amount[data-currency='" + currency + "']")).getText()
                .replace('\u00A0', ' ').replace('\u202F', ' ').trim();
    }

    /** Completed BRL revenue and orders (any currency) of a state, and the loader's version, in one transaction. */
    private static Figures figures(PipelineRuntime runtime, String state) throws SQLException {
        try (Connection c = runtime.warehouse().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(net_amount) FILTER (WHERE status = 'COMPLETED' AND currency = 'BRL'), 0), "
                    + "count(DISTINCT sale_id) FILTER (WHERE status = 'COMPLETED'), "
                    + "(SELECT coalesce(sum(next_offset), 0) FROM loader_offset) FROM sale_line WHERE store_state = ?")) {
                ps.setString(1, state);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Figures(rs.getBigDecimal(1), rs.getLong(2), rs.getLong(3));
                }
            } finally {
                c.rollback();
            }
        }
    }

    private record Figures(BigDecimal revenue, long orders, long loadedVersion) {
    }

    /** Waits until the warehouse and the page stop moving: the page's version equals SQL's for 3 s. */
    private static long awaitQuiet(WebDriver driver, PipelineRuntime runtime) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long steadySince = 0;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long sql = figures(runtime, "SP").loadedVersion;
            long page = pageVersion(driver);
            if (sql == page && sql == last) {
                if (System.nanoTime() - steadySince > Duration.ofSeconds(3).toNanos()) {
                    return page;
                }
            } else {
                steadySince = System.nanoTime();
            }
            last = sql == page ? sql : -1;
            Thread.sleep(250);
        }
        throw new AssertionError("the page (" + pageVersion(driver) + ") and the warehouse did not settle");
    }

    private static long pageVersion(WebDriver driver) {
        Object v = ((JavascriptExecutor) driver).executeScript("return document.body.dataset.loadedVersion || '-1';");
        return Long.parseLong(String.valueOf(v));
    }

    private static long awaitLoadedVersionAbove(WebDriver driver, long above) {
        await(driver, d -> pageVersion(d) > above, "a snapshot newer than loader version " + above);
        return pageVersion(driver);
    }

    private static String brl(BigDecimal amount) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(PT_BR));
        return "R$ " + f.format(amount);
    }

    private static String integer(long n) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(PT_BR)).format(n);
    }

    private static void awaitState(WebDriver driver, String state) {
        await(driver, d -> state.equals(d.findElement(By.id("status")).getAttribute("data-state")),
                "the status to be " + state);
    }

    private static void await(WebDriver driver, java.util.function.Function<WebDriver, Boolean> condition, String what) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).withMessage(() -> what + " (status: " + text(driver, "status") + ")").until(condition::apply);
    }

    /** Text with whitespace normalised: Intl puts a no-break space between R$ and the number. */
    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText().replace('\u00A0', ' ').replace('\u202F', ' ')
                .replaceAll("\\s+", " ").trim();
    }

    private static WebDriver startHeadlessChromium() throws Exception {
        Path profile = Files.createDirectories(Path.of("target", "chromium-profiles", UUID.randomUUID().toString())).toAbsolutePath();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,2000", "--lang=pt-BR", "--user-data-dir=" + profile);
        return new ChromeDriver(service, options);
    }
}
