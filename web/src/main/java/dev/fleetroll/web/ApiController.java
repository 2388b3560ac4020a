package dev.fleetroll.web;

import dev.fleetroll.InputException;
import dev.fleetroll.inventory.drift.DriftType;
import dev.fleetroll.json.Json;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.MonitorRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API (specs/api.md, the OpenAPI description at /api/v1/openapi.yaml). Read-only: only GET
 * routes exist, so any other method on these paths is answered 405.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApiController {

  private final StoredFleet fleet;
  private final Rollouts rollouts;

  ApiController(StoredFleet fleet, Rollouts rollouts) {
    this.fleet = fleet;
    this.rollouts = rollouts;
  }

  @Get("/hosts")
  HttpResponse<String> hosts(@Nullable @QueryValue String filter, @Nullable @QueryValue String sort) {
    StoredFleet.FleetTable table;
    try {
      table = fleet.table(filter, sort);
    } catch (InputException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generated_at", table.snapshot().at());
    out.put("total", table.snapshot().rows().size());
    out.put("shown", table.rows().size());
    out.put("fqdn_suffix", table.snapshot().suffix().isEmpty() ? null : table.snapshot().suffix().substring(1));
    out.put("stale", table.snapshot().stale());
    out.put("filter", table.query().text());
    out.put("sort", table.sort().text());
    out.put("columns", Column.displayed().stream().map(c -> Map.of("key", c.key(), "header", c.header())).toList());
    out.put("hosts", table.rows().stream().map(ApiController::fields).toList());
    return json(out);
  }

  /** A row as the API gives it: the full host name and every column's text (the monitor's --json fields). */
  static Map<String, String> fields(MonitorRow row) {
    Map<String, String> o = new LinkedHashMap<>();
    for (Column c : Column.values()) {
      o.put(c.key(), row.cell(c).text());
    }
    o.put(Column.HOST.key(), row.host());
    return o;
  }

  @Get("/hosts/{name}")
  HttpResponse<String> host(String name) {
    Optional<StoredFleet.HostHistory> h = fleet.host(name);
    if (h.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "no host " + name + " in the store");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", name);
    out.put("fields", fields(h.get().row()));
    out.put("observations", h.get().observations());
    out.put("taskcluster", h.get().workers());
    out.put("notes", h.get().notes());
    return json(out);
  }

  @Get("/rollouts")
  HttpResponse<String> rollouts(@Nullable @QueryValue Integer limit) {
    int n = limit == null ? PagesController.ROLLOUTS : limit;
    if (n < 1 || n > 1000) {
      return error(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
    }
    try {
      return json(Map.of("source", rollouts.source(), "rollouts", rollouts.list(n)));
    } catch (Rollouts.Unavailable e) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
  }

  @Get("/rollouts/{id}")
  HttpResponse<String> rollout(String id) {
    Optional<Rollouts.Detail> d;
    try {
      d = rollouts.rollout(id);
    } catch (Rollouts.Unavailable e) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
    if (d.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "no rollout " + id);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rollout", d.get().progress());
    out.put("live", d.get().live());
    out.put("gate_series", GateSeries.of(d.get().progress()));
    out.put("web_ui", d.get().webUi());
    return json(out);
  }

  @Get("/drift")
  HttpResponse<String> drift(@Nullable @QueryValue String type) {
    DriftType only;
    try {
      only = PagesController.driftType(type);
    } catch (InputException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    StoredFleet.DriftReport report = fleet.drift(rollouts, only);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generated_at", report.at());
    out.put("type", only);
    out.put("rollouts_known", report.rolloutsKnown());
    out.put("message", report.message());
    out.put("findings", report.findings());
    return json(out);
  }

  @Get(value = "/openapi.yaml", produces = "application/yaml")
  HttpResponse<String> openApi() {
    try (InputStream in = ApiController.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml missing from the build");
      }
      return HttpResponse.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contentType("application/yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpResponse<String> json(Object body) {
    return HttpResponse.ok(Json.write(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static HttpResponse<String> error(HttpStatus status, String message) {
    return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(Json.write(Map.of("error", message, "at", Instant.now())));
  }
}
