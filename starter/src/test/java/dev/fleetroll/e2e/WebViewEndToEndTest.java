package dev.fleetroll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.rollout.RolloutResult;
import dev.fleetroll.rollout.RolloutStatus;
import dev.fleetroll.server.LocalServer;
import dev.fleetroll.server.WorkerLaunch;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleetExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view end to end: a simulated fleet audited and read from Taskcluster by the CLI, a rollout run
 * by a real worker on the real Temporal dev server, and the view served by that worker (and by `fleetroll
 * web`) looked at in headless Chromium through its WebDriver; the API walked path by path from
 * specs/openapi.yaml.
 */
class WebViewEndToEndTest {

  @RegisterExtension
  static final LocalTemporal temporal = new LocalTemporal();

  @RegisterExtension
  static final SimulatedFleetExtension sim = SimulatedFleetExtension.of(RolloutFixture.fastFleet(3, 1));

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void fleetPageFilterRolloutGatePlotAndEveryApiPathReadOnly() throws Exception {
    Fleet fleet = sim.fleet();
    RolloutFixture rollouts = new RolloutFixture(temporal, fleet, dir);
    gather(rollouts, fleet);
    WorkerProcess worker = rollouts.startWorker();
    List<SimHost> hosts = fleet.hosts();
    Path plan = rollouts.plan("web", "web-view", hosts, 2, "auto", RolloutFixture.GATES);
    String id = rollouts.start(plan);
    RolloutResult result = rollouts.result(id);
    assertThat(result.status()).as(String.valueOf(result)).isEqualTo(RolloutStatus.SUCCEEDED);
    // Someone overwrites the rollout's override by hand on one host and leaves a note on another.
    SimHost tampered = hosts.getFirst();
    SimHost noted = hosts.get(1);
    RolloutFixture.ssh(fleet, tampered, "printf 'PUPPET_REPO=\"" + RolloutFixture.REPO + "\"\\nPUPPET_BRANCH=\"by-hand\"\\n'"
        + " | sudo tee /etc/puppet/ronin_settings >/dev/null");
    assertThat(rollouts.cli("host", "note", "add", noted.name(), "fan noisy, RMA asked").exitCode()).isZero();
    gather(rollouts, fleet); // the fleet as the rollout (and the hand) left it
    String base = new LocalServer(temporal.home()).workerHttp(worker.process().toHandle()).orElseThrow();

    // The API: every host with the monitor's fields.
    JsonNode all = JSON.readTree(get(base + "/api/v1/hosts").body());
    assertThat(all.path("hosts")).hasSize(hosts.size());
    for (JsonNode h : all.path("hosts")) {
      for (Column c : Column.values()) {
        assertThat(h.has(c.key())).as(c.key() + " of " + h).isTrue();
      }
    }
    assertThat(all.path("hosts").findValuesAsText("host"))
        .containsExactlyInAnyOrderElementsOf(hosts.stream().map(SimHost::name).toList());
    walkTheSpec(base, hosts.getFirst().name(), id);

    // Drift: what `host drift` finds, the hand-written override among it; notes on the host's page.
    JsonNode drift = JSON.readTree(get(base + "/api/v1/drift").body());
    assertThat(drift.path("rollouts_known").asBoolean()).as(drift.toString()).isTrue();
    List<String> found = new ArrayList<>();
    drift.path("findings").forEach(f -> found.add(f.path("host").asText() + " " + f.path("type").asText() + " " + f.path("detail").asText()));
    String byHand = JSON.readTree(get(base + "/api/v1/hosts/" + tampered.name()).body())
        .path("observations").get(0).path("audit").path("override").path("sha256").asText();
    assertThat(found).contains(tampered.name() + " override override " + byHand.substring(0, 12) + " differs from "
        + RolloutFixture.sha(plan).substring(0, 12) + " that rollout " + id + " wrote");
    CliRun cli = rollouts.cli("host", "drift", "--json");
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    List<String> byCli = new ArrayList<>();
    for (String line : cli.out().lines().toList()) {
      JsonNode f = JSON.readTree(line);
      byCli.add(f.path("host").asText() + " " + f.path("type").asText() + " " + f.path("detail").asText());
    }
    assertThat(found).as("the web view and `host drift` agree").containsExactlyInAnyOrderElementsOf(byCli);
    JsonNode notedHost = JSON.readTree(get(base + "/api/v1/hosts/" + noted.name()).body());
    assertThat(notedHost.path("fields").path("note").asText()).isEqualTo("fan noisy, RMA asked");
    assertThat(notedHost.path("notes").findValuesAsText("actor")).containsExactly("e2e");

    try (Browser browser = new Browser()) {
      WebDriver page = browser.driver;
      page.get(base + "/");
      assertThat(page.findElements(By.cssSelector("#fleet tbody tr"))).hasSize(hosts.size());
      browser.screenshot("fleet");
      WebElement filter = page.findElement(By.id("filter"));
      filter.sendKeys("host~ms-002");
      filter.submit();
      new WebDriverWait(page, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("filter=host%7Ems-002"));
      List<WebElement> one = page.findElements(By.cssSelector("#fleet tbody tr"));
      assertThat(one).hasSize(1);
      assertThat(one.getFirst().getText()).startsWith("t-linux64-ms-002 L ");
      assertThat(page.findElement(By.id("summary")).getText()).startsWith("hosts=1/" + hosts.size());

      page.get(base + "/rollouts");
      page.findElement(By.linkText(id)).click();
      new WebDriverWait(page, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector(".plot[data-drawn] canvas"))
          .size() == d.findElements(By.cssSelector(".plot")).size());
      List<WebElement> plots = page.findElements(By.cssSelector("#gate-plots .plot"));
      JsonNode progress = JSON.readTree(get(base + "/api/v1/rollouts/" + id).body());
      assertThat(plots).hasSize(progress.path("gate_series").path("gates").size()).hasSizeGreaterThan(5);
      assertThat(page.findElement(By.cssSelector("#gate-plots")).getText()).contains("success_rate_min", "min_jobs_total");
      // Each stage ended with a gate report: the plot has a point per report.
      assertThat(progress.path("gate_series").path("times").size())
          .isGreaterThanOrEqualTo(progress.path("rollout").path("stages").size());
      assertThat(page.findElements(By.cssSelector("#hosts tr"))).as("a header and a row per host of the rollout")
          .hasSize(progress.path("rollout").path("hosts").size() + 1).hasSizeGreaterThan(2);
      assertThat(page.findElement(By.id("state")).getText()).contains("succeeded");
      assertThat(page.findElement(By.id("webui")).getAttribute("href")).contains("/workflows/" + id);
      browser.screenshot("rollout");
      page.get(base + "/drift");
      assertThat(page.findElements(By.cssSelector("#drift tr"))).as("a header and a row per finding").hasSize(found.size() + 1);
      assertThat(page.findElement(By.id("drift")).getText()).contains(tampered.name() + " override");
      page.get(base + "/hosts/" + noted.name());
      assertThat(page.findElement(By.id("notes")).getText()).contains("e2e", "fan noisy, RMA asked");
    }

    // `fleetroll web` on an operator's machine: the same view from the local store and the same Temporal.
    try (WebProcess web = WebProcess.start(rollouts.env())) {
      JsonNode local = JSON.readTree(get(web.url + "api/v1/hosts").body());
      assertThat(local.path("hosts")).hasSize(hosts.size());
      walkTheSpec(web.url.substring(0, web.url.length() - 1), hosts.getFirst().name(), id);
    }
  }

  /**
   * Audits the fleet and reads Taskcluster into the store, as the scheduled gathering does. A Mac reboots
   * after each task: an audit that meets it rebooting is stored as unreachable (the view shows that like
   * any outcome) and is tried again a few times so the Mac's facts are known too.
   */
  private static void gather(RolloutFixture rollouts, Fleet fleet) throws IOException {
    String list = fleet.files().hostsList().toString();
    for (int attempt = 0; attempt < 3; attempt++) {
      if (rollouts.cli("host", "audit", "-F", fleet.files().sshConfig().toString(), list).exitCode() == 0) {
        break;
      }
    }
    assertThat(rollouts.cli("tc", "fetch", "--tc-env", fleet.files().taskclusterEnv().toString(), list).exitCode()).isZero();
  }

  /** Every path of specs/openapi.yaml answers GET with 200 and refuses POST, PUT and DELETE with 405. */
  private static void walkTheSpec(String base, String host, String rolloutId) throws Exception {
    JsonNode spec = new YAMLMapper().readTree(Files.readString(Path.of("..", "specs", "openapi.yaml")));
    List<String> paths = new ArrayList<>();
    spec.path("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).contains("/api/v1/hosts", "/api/v1/hosts/{name}", "/api/v1/rollouts", "/api/v1/rollouts/{id}",
        "/api/v1/drift");
    for (String path : paths) {
      String url = base + path.replace("{name}", host).replace("{id}", rolloutId);
      HttpResponse<String> r = get(url);
      assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
      if (!path.endsWith(".yaml")) {
        assertThat(JSON.readTree(r.body()).isObject()).as("GET " + url).isTrue();
      }
      for (String method : List.of("POST", "PUT", "DELETE")) {
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(method + " " + url).isEqualTo(405);
      }
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Headless Chromium from Debian (tools/install-deps.sh), driven through its own chromedriver. */
  private static final class Browser implements AutoCloseable {
    final WebDriver driver;

    Browser() {
      File chromium = Arrays.stream(new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}).map(File::new)
          .filter(File::canExecute).findFirst()
          .orElseThrow(() -> new AssertionError("no Chromium: tools/install-deps.sh installs chromium and chromium-driver"));
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium);
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1400,900");
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
      driver = new ChromeDriver(service, options);
    }

    /** For docs/: target/web-screenshots/NAME.png, the whole page. */
    void screenshot(String name) throws IOException {
      Path out = Path.of("target", "web-screenshots", name + ".png");
      Files.createDirectories(out.getParent());
      long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.body.scrollHeight");
      driver.manage().window().setSize(new Dimension(1400, (int) Math.min(3000, Math.max(900, height + 40))));
      Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      driver.manage().window().setSize(new Dimension(1400, 900));
    }

    @Override
    public void close() {
      driver.quit();
    }
  }

  /** `fleetroll web --port 0` as its own process, on the CLI's classpath (without the worker's classes). */
  private record WebProcess(Process process, String url) implements AutoCloseable {

    static WebProcess start(Map<String, String> env) throws IOException {
      String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
          .filter(e -> !e.contains("/worker/target/") && !e.contains("fleetroll-worker"))
          .collect(Collectors.joining(File.pathSeparator));
      ProcessBuilder builder = new ProcessBuilder(WorkerLaunch.java(Map.of()).toString(), "--enable-native-access=ALL-UNNAMED",
          "-cp", classpath, "dev.fleetroll.cli.Fleetroll", "web", "--port", "0").redirectErrorStream(true);
      builder.environment().remove("FLEETROLL_TEMPORAL_ADDRESS");
      builder.environment().put("FLEETROLL_HOME", temporal.home().root().toString());
      builder.environment().putAll(env);
      Process process = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      List<String> seen = new ArrayList<>();
      for (String line; (line = out.readLine()) != null; ) {
        seen.add(line);
        if (line.startsWith("Fleetroll web view: ")) {
          Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
          drain.setDaemon(true);
          drain.start();
          return new WebProcess(process, line.substring("Fleetroll web view: ".length()).strip());
        }
      }
      throw new AssertionError("fleetroll web printed no address:\n" + String.join("\n", seen));
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

}
