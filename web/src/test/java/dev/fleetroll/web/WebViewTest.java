package dev.fleetroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.store.Store;
import dev.fleetroll.store.SyntheticInventory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
 * The web view over a store of 40 hosts (two audits and Taskcluster reads each), served by Micronaut on
 * a free port as the worker and `fleetroll web` serve it. Rollouts come from Temporal in both; here there
 * are none (WebViewEndToEndTest in the starter module runs a real one).
 */
class WebViewTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HOSTS = 40;

  @TempDir static Path dir;
  private static ApplicationContext context;
  private static String base;

  @BeforeAll
  static void serve() {
    FleetrollHome home = new FleetrollHome(dir);
    try (Store store = Store.open(home)) {
      SyntheticInventory.fill(store, HOSTS, 2, Duration.ofMinutes(10), 11);
    }
    Rollouts none = new Rollouts() {
      @Override
      public List<Summary> list(int limit) {
        return List.of();
      }

      @Override
      public Optional<Detail> rollout(String id) {
        return Optional.empty();
      }

      @Override
      public String source() {
        return "no Temporal (test)";
      }
    };
    context = Micronaut.build(new String[0]).banner(false).deduceEnvironment(false)
        .properties(Map.of("micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1"))
        .singletons(home, none).start();
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
    assertThat(all.path("hosts").findValuesAsText("host")).containsExactlyInAnyOrderElementsOf(SyntheticInventory.hosts(HOSTS));
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
  void aHostPageShowsItsHistoryButNeverAVaultsContent() throws Exception {
    String host = SyntheticInventory.hosts(HOSTS).get(3);
    JsonNode h = json("/api/v1/hosts/" + host);
    assertThat(h.path("observations")).hasSize(2);
    assertThat(h.path("taskcluster")).hasSize(2);
    assertThat(h.path("fields").path("host").asText()).isEqualTo(host);
    assertThat(h.path("notes").path("available").asBoolean()).isFalse();
    assertThat(h.toString()).doesNotContain("vault-");  // the synthetic vaults' contents: hashed, never stored
    assertThat(get("/hosts/" + host).body()).contains("<h2>Audits</h2>").contains(host);
    assertThat(get("/hosts/nope.example.com").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/hosts/nope.example.com").statusCode()).isEqualTo(404);
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
  void driftSaysItIsNotAvailableInThisBuild() throws Exception {
    JsonNode drift = json("/api/v1/drift");
    assertThat(drift.path("available").asBoolean()).isFalse();
    assertThat(drift.path("message").asText()).isEqualTo(NoDrift.MESSAGE);
    assertThat(get("/drift").body()).contains(NoDrift.MESSAGE);
  }

  @Test
  void nothingChangesAnything() throws Exception {
    String host = SyntheticInventory.hosts(HOSTS).getFirst();
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

  private static JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
