package dev.fleetroll.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetroll.cli.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the simulated fleet: hosts, workers, quarantine, counters and faults; the bastion's"
        + " accepted connections.")
public final class SimStatusCommand implements Callable<Integer> {
  @Mixin FleetDirOption dir;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (dir.control().running().isEmpty()) {
      System.err.println("fleetroll: no simulated fleet is running in " + dir.dir());
      return ExitCode.FAILED;
    }
    JsonNode status = dir.control().status();
    if (json) {
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
      return ExitCode.OK;
    }
    System.out.println("Fleet " + status.path("dir").asText() + "   Taskcluster " + status.path("taskclusterRootUrl").asText());
    System.out.printf("%-46s %-5s %-15s %-4s %-7s %-5s %6s %6s %7s  %s%n", "HOST", "OS", "ADDRESS", "UP", "WORKER",
        "QUAR", "PUPPET", "OVRW", "REBOOTS", "FAULTS");
    for (JsonNode h : status.path("hosts")) {
      JsonNode c = h.path("counters");
      System.out.printf("%-46s %-5s %-15s %-4s %-7s %-5s %6d %6d %7d  %s%n", h.path("name").asText(), h.path("os").asText(),
          h.path("address").asText(), h.path("up").asBoolean() ? "yes" : "no",
          h.path("workerRunning").asBoolean() ? "running" : "-", h.path("quarantined").asBoolean() ? "yes" : "-",
          c.path("puppetRuns").asInt(), c.path("overrideWrites").asInt(), c.path("reboots").asInt(), faults(h.path("faults")));
    }
    JsonNode bastion = status.path("bastion");
    if (!bastion.isMissingNode()) {
      System.out.printf("Bastion %s (%s, %s): %d connections accepted, %d dropped past MaxStartups%n",
          bastion.path("name").asText(), bastion.path("address").asText(), bastion.path("up").asBoolean() ? "up" : "down",
          bastion.path("acceptedConnections").asInt(), bastion.path("droppedConnections").asInt());
    }
    JsonNode tc = status.path("taskclusterFaults");
    if (tc.path("errorRate").asDouble() > 0 || tc.path("latencyMs").asLong() > 0) {
      System.out.printf("Taskcluster faults: %.0f%% answered %d, latency %d ms%n", tc.path("errorRate").asDouble() * 100,
          tc.path("errorStatus").asInt(), tc.path("latencyMs").asLong());
    }
    return ExitCode.OK;
  }

  private static String faults(JsonNode f) {
    List<String> out = new ArrayList<>();
    if (!f.path("puppet").asText().equals("SUCCESS")) {
      out.add("puppet=" + f.path("puppet").asText().toLowerCase());
    }
    if (!f.path("ssh").asText().equals("REACHABLE")) {
      out.add("ssh=" + f.path("ssh").asText().toLowerCase());
    }
    if (f.path("workerNeverReturns").asBoolean()) {
      out.add("worker=never-returns");
    }
    if (f.path("taskFailureRate").asDouble() > 0) {
      out.add("tasks-fail=" + f.path("taskFailureRate").asDouble());
    }
    if (!f.path("clockSkew").asText("PT0S").equals("PT0S")) {
      out.add("clock-skew=" + f.path("clockSkew").asText());
    }
    if (f.path("readOnly").asBoolean()) {
      out.add("fs=ro");
    }
    if (!f.path("sudo").asBoolean(true)) {
      out.add("sudo=no");
    }
    if (f.path("poweredOff").asBoolean()) {
      out.add("power=off");
    }
    return out.isEmpty() ? "-" : String.join(" ", out);
  }
}
