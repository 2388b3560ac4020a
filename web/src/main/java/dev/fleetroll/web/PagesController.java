package dev.fleetroll.web;

import dev.fleetroll.InputException;
import dev.fleetroll.inventory.drift.DriftType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The web view's pages: read-only, each a GET (any other method is refused with 405). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class PagesController {

  /** How many rollouts the list shows. */
  static final int ROLLOUTS = 100;

  private final StoredFleet fleet;
  private final Rollouts rollouts;
  private final Views views;

  PagesController(StoredFleet fleet, Rollouts rollouts, Views views) {
    this.fleet = fleet;
    this.rollouts = rollouts;
    this.views = views;
  }

  @Get
  HttpResponse<String> fleet(@Nullable @QueryValue String filter, @Nullable @QueryValue String sort) {
    try {
      Page.FleetView page = new Page.FleetView(Instant.now(), fleet.table(filter, sort), filter, sort, null, fleet.filters());
      return views.page(HttpStatus.OK, "fleet", page);
    } catch (InputException e) {
      return views.page(HttpStatus.BAD_REQUEST, "fleet",
          new Page.FleetView(Instant.now(), null, filter, sort, e.getMessage(), fleet.filters()));
    }
  }

  @Get("/hosts/{name}")
  HttpResponse<String> host(String name) {
    Optional<StoredFleet.HostHistory> history = fleet.host(name);
    if (history.isEmpty()) {
      return views.error(HttpStatus.NOT_FOUND, "No host " + name, "The store has never observed a host named " + name + ".");
    }
    return views.page(HttpStatus.OK, "host", new Page.HostView(Instant.now(), history.get()));
  }

  @Get("/rollouts")
  HttpResponse<String> rollouts() {
    try {
      return views.page(HttpStatus.OK, "rollouts",
          new Page.RolloutsView(Instant.now(), rollouts.list(ROLLOUTS), rollouts.source(), null));
    } catch (Rollouts.Unavailable e) {
      return views.page(HttpStatus.SERVICE_UNAVAILABLE, "rollouts",
          new Page.RolloutsView(Instant.now(), List.of(), rollouts.source(), e.getMessage()));
    }
  }

  @Get("/rollouts/{id}")
  HttpResponse<String> rollout(String id) {
    Optional<Rollouts.Detail> detail;
    try {
      detail = rollouts.rollout(id);
    } catch (Rollouts.Unavailable e) {
      return views.error(HttpStatus.SERVICE_UNAVAILABLE, "Rollout " + id, e.getMessage());
    }
    if (detail.isEmpty()) {
      return views.error(HttpStatus.NOT_FOUND, "No rollout " + id, "There is no rollout " + id + " in " + rollouts.source() + ".");
    }
    GateSeries gates = GateSeries.of(detail.get().progress());
    List<Plot> plots = gates.gates().stream().map(g -> Plot.gate(gates, g)).toList();
    return views.page(HttpStatus.OK, "rollout", new Page.RolloutView(Instant.now(), detail.get(), gates, plots));
  }

  @Get("/pools")
  HttpResponse<String> pools(@Nullable @QueryValue String window) {
    Long seconds = window == null ? Long.valueOf(Duration.ofDays(1).toSeconds())
        : dev.fleetroll.Durations.parseSeconds(window);
    if (seconds == null || seconds <= 0) {
      return views.error(HttpStatus.BAD_REQUEST, "Pools", "window '" + window + "' is not an age (e.g. 6h, 1d)");
    }
    Duration w = Duration.ofSeconds(seconds);
    PoolTrend trend = fleet.pools(w, 60);
    List<Plot> plots = trend.pools().entrySet().stream().map(e -> Plot.pool(trend, e.getKey(), e.getValue())).toList();
    return views.page(HttpStatus.OK, "pools", new Page.PoolsView(Instant.now(), trend, w, plots));
  }

  @Get("/drift")
  HttpResponse<String> drift(@Nullable @QueryValue String type) {
    DriftType only;
    try {
      only = driftType(type);
    } catch (InputException e) {
      return views.error(HttpStatus.BAD_REQUEST, "Drift", e.getMessage());
    }
    return views.page(HttpStatus.OK, "drift", new Page.DriftView(Instant.now(), fleet.drift(rollouts, only), only));
  }

  /** The drift type a {@code type} parameter names; null for none or {@code any} (as {@code host drift --type}). */
  static DriftType driftType(String type) {
    if (type == null || type.isBlank() || type.equalsIgnoreCase("any")) {
      return null;
    }
    DriftType t = DriftType.byLabel(type.strip());
    if (t == null) {
      throw new InputException("type '" + type + "' is not one of: any, " + DriftType.labels());
    }
    return t;
  }
}
