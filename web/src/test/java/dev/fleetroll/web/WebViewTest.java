package dev.fleetroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.inventory.drift.RolloutStates;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.store.Store;
import dev.fleetroll.store.SyntheticInventory;
import dev.fleetroll.taskcluster.WorkerSnapshot;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view over a store of 40 hosts (two audits and Taskcluster reads each, the Puppet branches' heads),
 * served by Micronaut on a free port as the worker and `fleetroll web` serve it, with notes on one host and a
 * worker held by a rollout that has ended. Rollouts come from Temporal in both; here from a stand-in that
 * knows that one ended rollout (WebViewEndToEndTest in the starter module runs a real one).
 */
class WebViewTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HOSTS = 40;
  private static final List<String> NAMES = SyntheticInventory.hosts(HOSTS);
  /** Notes: one cleared, two since. */
  private static final String NOTED = NAMES.get(3);
  /** Quarantined by rollout-ended, which Temporal says was aborted. */
  private static final String HELD = NAMES.get(5);

  @TempDir static Path dir;
  private static ApplicationContext context;
  private static String base;
  private static volatile boolean temporalAway;

  @BeforeAll
  static void serve() {
    FleetrollHome home = new FleetrollHome(dir);
    try (Store store = Store.open(home)) {
      SyntheticInventory.fill(store, HOSTS, 2, Duration.ofMinutes(10), 11);
      store.addNote(NOTED, "alice", "RMA open");
      store.clearNotes(NOTED, "alice", "RMA closed");
      store.addNote(NOTED, "bob", "disk replaced, watching");
      store.addNote(NOTED, "bob", "back in pool friday");
      WorkerSnapshot w = store.latestWorkers(List.of(HELD)).get(HELD);
      store.recordWorker(new WorkerSnapshot(HELD, Instant.now(), "ok", null, w.poolId(), w.workerGroup(), w.workerId(), true,
          Instant.now().plus(Duration.ofDays(1)), "fleetroll rollout rollout-ended by carol: canary stage", List.of(),
          w.lastDateActive(), w.recentRuns()));
    }
    Rollouts oneEnded = new Rollouts() {
      @Override
      public List<Summary> list(int limit) {
        return List.of();
      }

      @Override
      public Optional<Detail> rollout(String id) {
        return Optional.empty();
      }

      @Override
      public RolloutStates states() {
        if (temporalAway) {
          throw new Unavailable("cannot read rollouts from no Temporal (test): UNAVAILABLE", null);
        }
        return new RolloutStates(true, Map.of("rollout-ended",
            new RolloutStates.Run("rollout-ended", false, "aborted", Instant.now().minus(Duration.ofHours(3)))));
      }

      @Override
      public String source() {
        return "no Temporal (test)";
      }
    };
    context = Micronaut.build(new String[0]).banner(false).deduceEnvironment(false)
        .properties(Map.of("micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1"))
        .singletons(home, oneEnded).start();
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    base = "http://127.0.0.1:" + server.getPort();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void everyHostWithTheMonitorsFieldsFilteredAndSortedInTheMonitorsLanguage() throws Exception {
    JsonNode all = json("/api/v1/hosts");
    assertThat(all.path("total").asInt()).isEqualTo(HOSTS);
    assertThat(all.path("hosts")).hasSize(HOSTS);
    assertThat(all.path("hosts").findValuesAsText("host")).containsExactlyInAnyOrderElementsOf(NAMES);
    for (Column c : Column.values()) {
      assertThat(all.path("hosts").get(0).has(c.key())).as(c.key()).isTrue();
    }
    assertThat(all.path("fqdn_suffix").asText()).isEqualTo("test.releng.mdc1.mozilla.com");

    JsonNode macs = json("/api/v1/hosts?filter=os%3DM");
    assertThat(macs.path("hosts")).hasSize(HOSTS / 5);
    assertThat(macs.path("hosts").findValuesAsText("os")).containsOnly("M");
    JsonNode sorted = json("/api/v1/hosts?sort=host:desc");
    assertThat(sorted.path("hosts").get(0).path("host").asText()).startsWith("t-linux64-ms-032");
    JsonNode bySortTerm = json("/api/v1/hosts?filter=sort%3Ahost%3Adesc&sort=host");
    assertThat(bySortTerm.path("hosts").get(0).path("host").asText()).as("the filter's sort: wins").startsWith("t-linux64-ms-032");

    HttpResponse<String> bad = get("/api/v1/hosts?filter=bogus%3D1");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("unknown column 'bogus'");
    assertThat(get("/api/v1/hosts?sort=nope").statusCode()).isEqualTo(400);
  }

  @Test
  void theFleetPageHasOneRowPerHostAndTheFilterNarrowsIt() throws Exception {
    String page = get("/").body();
    assertThat(rows(page)).isEqualTo(HOSTS);
    for (Column c : Column.displayed()) {
      assertThat(page).contains(">" + c.header());
    }
    String linuxNoOverride = get("/?filter=os%3DL%20ovr_sha%3D").body();
    assertThat(rows(linuxNoOverride)).isPositive().isLessThan(HOSTS - HOSTS / 5);
    HttpResponse<String> bad = get("/?filter=nope");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("class=\"error\"");
  }

  @Test
  void aHostPageShowsItsHistoryAndNotesButNeverAVaultsContent() throws Exception {
    JsonNode h = json("/api/v1/hosts/" + NOTED);
    assertThat(h.path("observations")).hasSize(2);
    assertThat(h.path("taskcluster")).hasSize(2);
    assertThat(h.path("fields").path("host").asText()).isEqualTo(NOTED);
    assertThat(h.path("fields").path("note").asText()).isEqualTo("(2) back in pool friday");
    assertThat(h.path("notes").findValuesAsText("text"))
        .as("newest first, the clear too").containsExactly("back in pool friday", "disk replaced, watching", "RMA closed", "RMA open");
    assertThat(h.path("notes").get(2).path("clear").asBoolean()).isTrue();
    assertThat(h.path("notes").get(0).path("actor").asText()).isEqualTo("bob");
    assertThat(h.toString()).doesNotContain("vault-");  // the synthetic vaults' contents: hashed, never stored

    String page = get("/hosts/" + NOTED).body();
    assertThat(page).contains("<h2>Audits</h2>").contains(NOTED);
    String notes = page.substring(page.indexOf("<table id=\"notes\">"), page.indexOf("</table>", page.indexOf("<table id=\"notes\">")));
    assertThat(notes.split("<tr class=\"\">", -1)).as("two notes shown as current").hasSize(3);
    assertThat(notes.split("<tr class=\"cleared\">", -1)).as("the clear and the note it hid, greyed").hasSize(3);
    assertThat(notes).contains("back in pool friday").contains("cleared: RMA closed").contains("RMA open");
    assertThat(get("/hosts/" + NAMES.get(4)).body()).contains("No notes.");

    assertThat(get("/hosts/nope.example.com").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/hosts/nope.example.com").statusCode()).isEqualTo(404);
  }

  @Test
  void theFleetShowsBranchHeadsAndNotesAndFiltersOnThem() throws Exception {
    JsonNode all = json("/api/v1/hosts");
    for (int i = 0; i < HOSTS; i++) {
      JsonNode row = all.path("hosts").get(i);
      String branch = SyntheticInventory.overrideBranch(NAMES.indexOf(row.path("host").asText()));
      assertThat(row.path("pp_sha").asText()).isEqualTo("4e1c0a9");
      assertThat(row.path("pp_exp").asText()).as(row.path("host").asText())
          .isEqualTo(SyntheticInventory.MOVED_BRANCH.equals(branch) ? "9f8e7d6" : "4e1c0a9");
    }
    JsonNode behind = json("/api/v1/hosts?filter=pp_exp%3D9f8e7d6");
    assertThat(behind.path("hosts").findValuesAsText("pp_match")).containsOnly("N").hasSize(2);
    JsonNode noted = json("/api/v1/hosts?filter=note~friday");
    assertThat(noted.path("hosts").findValuesAsText("host")).containsExactly(NOTED);
    String page = get("/?filter=note~friday").body();
    assertThat(rows(page)).isEqualTo(1);
    assertThat(page).contains(">NOTE").contains(">PP_MATCH").contains("(2) back in pool friday");
  }

  @Test
  void poolsPlotAppliedAndHealthyOverTime() throws Exception {
    String page = get("/pools").body();
    assertThat(page).contains("releng-hardware/gecko-t-linux-talos-2404").contains("releng-hardware/gecko-t-osx-1400-r8");
    Matcher plots = Pattern.compile("class=\"plot\" data-plot=\"([^\"]+)\"").matcher(page);
    int count = 0;
    while (plots.find()) {
      JsonNode plot = JSON.readTree(plots.group(1).replace("&#34;", "\"").replace("&quot;", "\""));
      assertThat(plot.path("series").findValuesAsText("label")).containsExactly("hosts", "APPLIED", "HEALTHY");
      assertThat(plot.path("x").size()).isEqualTo(60);
      count++;
    }
    assertThat(count).as("two pools: 32 Linux hosts, 8 Macs").isEqualTo(2);
    assertThat(get("/pools?window=soon").statusCode()).isEqualTo(400);
  }

  @Test
  void driftShowsWhatHostDriftFinds() throws Exception {
    JsonNode drift = json("/api/v1/drift");
    assertThat(drift.path("rollouts_known").asBoolean()).isTrue();
    assertThat(drift.path("message").isNull()).isTrue();
    JsonNode findings = drift.path("findings");
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < HOSTS; i++) {
      if (SyntheticInventory.overrideBranch(i) != null) {
        overrides.add(NAMES.get(i));
      }
    }
    assertThat(byType(findings, "override")).as("the synthetic overrides: no rollout wrote them")
        .containsExactlyInAnyOrderElementsOf(overrides);
    assertThat(byType(findings, "behind")).as("the hosts of the branch whose head moved on").hasSize(2);
    assertThat(byType(findings, "quarantine")).containsExactly(HELD);
    JsonNode held = json("/api/v1/drift?type=quarantine").path("findings");
    assertThat(held).hasSize(1);
    assertThat(held.get(0).path("detail").asText()).isEqualTo("quarantined by rollout rollout-ended, which is aborted");
    assertThat(held.get(0).path("since").asText()).isNotEmpty();
    HttpResponse<String> bad = get("/api/v1/drift?type=moon");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("'moon'").contains("lingering");

    String page = get("/drift").body();
    assertThat(rows(page, "drift")).isEqualTo(findings.size());
    assertThat(page).contains(HELD).contains("quarantined by rollout rollout-ended, which is aborted");
    assertThat(rows(get("/drift?type=override").body(), "drift")).isEqualTo(overrides.size());
    assertThat(get("/drift?type=moon").statusCode()).isEqualTo(400);
  }

  @Test
  void withoutTemporalDriftJudgesAllButQuarantinesAndSaysSo() throws Exception {
    temporalAway = true;
    try {
      JsonNode drift = json("/api/v1/drift");
      assertThat(drift.path("rollouts_known").asBoolean()).isFalse();
      assertThat(drift.path("message").asText()).contains("UNAVAILABLE").endsWith("quarantines are not judged");
      assertThat(byType(drift.path("findings"), "quarantine")).isEmpty();
      assertThat(byType(drift.path("findings"), "override")).isNotEmpty();
      assertThat(get("/drift").body()).contains("id=\"drift-message\"").contains("quarantines are not judged");
    } finally {
      temporalAway = false;
    }
  }

  private static List<String> byType(JsonNode findings, String type) {
    List<String> hosts = new ArrayList<>();
    findings.forEach(f -> {
      if (f.path("type").asText().equals(type)) {
        hosts.add(f.path("host").asText());
      }
    });
    return hosts;
  }

  @Test
  void nothingChangesAnything() throws Exception {
    String host = NAMES.getFirst();
    for (String path : List.of("/", "/hosts/" + host, "/rollouts", "/pools", "/drift", "/api/v1/hosts",
        "/api/v1/hosts/" + host, "/api/v1/rollouts", "/api/v1/drift", "/api/v1/openapi.yaml")) {
      assertThat(get(path).statusCode()).as("GET " + path).isEqualTo(200);
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
      }
    }
    assertThat(get("/assets/uPlot.iife.min.js").body()).contains("uPlot");
    assertThat(get("/assets/../application.yml").statusCode()).isEqualTo(404);
  }

  private static int rows(String page) {
    String body = page.substring(page.indexOf("<tbody>"), page.indexOf("</tbody>"));
    return body.split("<tr>", -1).length - 1;
  }

  /** The rows of the table with that id, its header row left out. */
  private static int rows(String page, String table) {
    int start = page.indexOf("<table id=\"" + table + "\">");
    String body = page.substring(start, page.indexOf("</table>", start));
    return body.split("<tr>", -1).length - 2;
  }

  private static JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
