package dev.fleetroll.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON-ready snapshot of a fleet: hosts, their state, host key, counters and faults; Taskcluster
 * faults; the bastion and the connections its sshd accepted.
 */
public final class FleetStatus {
  private FleetStatus() {}

  public static Map<String, Object> of(Fleet fleet) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dir", fleet.dir().toString());
    Taskcluster tc = fleet.taskcluster();
    doc.put("taskclusterRootUrl", tc.rootUrl());
    doc.put("githubApiUrl", fleet.githubServer().apiUrl());
    Map<String, Object> tcFaults = new LinkedHashMap<>();
    tcFaults.put("errorRate", tc.server().errorRate());
    tcFaults.put("errorStatus", tc.server().errorStatus());
    tcFaults.put("latencyMs", tc.server().latency().toMillis());
    doc.put("taskclusterFaults", tcFaults);
    doc.put("branches", fleet.github().branches());
    List<Map<String, Object>> hosts = fleet.hosts().stream().map(h -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", h.name());
      m.put("os", h.os().id());
      m.put("role", h.role());
      m.put("address", h.address());
      m.put("up", fleet.isUp(h.name()));
      m.put("workerType", tc.workerType(h.name()));
      m.put("workerRunning", tc.workerRunning(h.name()));
      m.put("quarantined", tc.quarantined(h.name()));
      m.put("currentTask", tc.currentTask(h.name()));
      m.put("counters", fleet.counters(h.name()));
      m.put("faults", fleet.faults(h.name()));
      m.put("hostKey", fleet.hostKeyFingerprint(h.name()));
      return m;
    }).toList();
    fleet.bastion().ifPresent(b -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", b.name());
      m.put("address", b.address());
      m.put("up", fleet.isUp(b.name()));
      m.put("hostKey", fleet.hostKeyFingerprint(b.name()));
      Fleet.BastionLog log = fleet.bastionLog();
      m.put("acceptedConnections", log.acceptedConnections());
      m.put("droppedConnections", log.droppedConnections());
      doc.put("bastion", m);
    });
    doc.put("hosts", hosts);
    return doc;
  }
}
