package dev.fleetroll.rollout.activities;

import dev.fleetroll.InputException;
import dev.fleetroll.rollout.readiness.Readiness;
import dev.fleetroll.rollout.readiness.ReadinessActivities;
import dev.fleetroll.rollout.readiness.ReadinessRequest;
import dev.fleetroll.ssh.KnownHosts;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshTarget;
import dev.fleetroll.taskcluster.TaskclusterCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What this worker lacks for a rollout's hosts, read from its own settings and files (nothing is
 * connected to, nothing changes): the SSH configuration resolves each host, a key or an agent is there to
 * log in with, known_hosts knows each host (unless new keys are accepted), and the Taskcluster
 * credentials exist and outlast the work. A problem shared by many hosts is one line.
 */
public final class ReadinessActivitiesImpl implements ReadinessActivities {

  /** Hosts named in one line before "and N more". */
  private static final int NAMED = 3;

  private final String worker;
  private final Supplier<SshConfig> ssh;
  private final TaskclusterCredentials taskcluster;

  /**
   * @param worker the identity of this worker process, named in the answer
   * @param ssh the worker's SSH configuration, read again at each check (an operator may just have fixed it)
   * @param taskcluster the worker's Taskcluster settings, null when it has none
   */
  public ReadinessActivitiesImpl(String worker, Supplier<SshConfig> ssh, TaskclusterCredentials taskcluster) {
    this.worker = worker;
    this.ssh = ssh;
    this.taskcluster = taskcluster;
  }

  @Override
  public Readiness check(ReadinessRequest request) {
    List<String> missing = new ArrayList<>();
    taskcluster(request, missing);
    ssh(request, missing);
    return new Readiness(worker, List.copyOf(missing));
  }

  private void taskcluster(ReadinessRequest request, List<String> missing) {
    if (taskcluster == null) {
      missing.add("Taskcluster settings: TASKCLUSTER_ROOT_URL is not set in the worker's environment");
      return;
    }
    if (!taskcluster.authenticated()) {
      missing.add("Taskcluster credentials: TASKCLUSTER_CLIENT_ID and TASKCLUSTER_ACCESS_TOKEN are not set in the"
          + " worker's environment (it cannot quarantine workers)");
      return;
    }
    try {
      taskcluster.certificateExpiry().filter(expiry -> request.until() != null && expiry.isBefore(request.until()))
          .ifPresent(expiry -> missing.add("Taskcluster credentials: the worker's TASKCLUSTER_CERTIFICATE expires at "
              + expiry + ", before the " + request.purpose() + " is expected to end (" + request.until() + ")"));
    } catch (InputException e) {
      missing.add("Taskcluster credentials: " + e.getMessage());
    }
  }

  private void ssh(ReadinessRequest request, List<String> missing) {
    SshConfig config;
    try {
      config = ssh.get();
    } catch (InputException e) {
      missing.add("SSH configuration: " + e.getMessage());
      return;
    }
    Map<String, List<String>> hostsByProblem = new LinkedHashMap<>();
    for (String host : request.hosts()) {
      for (String problem : problems(config, host)) {
        hostsByProblem.computeIfAbsent(problem, p -> new ArrayList<>()).add(host);
      }
    }
    hostsByProblem.forEach((problem, hosts) -> missing.add(problem + " (" + named(hosts) + ")"));
  }

  /** What this worker lacks to log in to {@code host}, as lines that do not name the host (they are grouped). */
  private static List<String> problems(SshConfig config, String host) {
    SshTarget target;
    try {
      target = config.resolve(host);
    } catch (InputException e) {
      return List.of("SSH configuration: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    for (SshTarget hop = target; hop != null; hop = hop.jump()) {
      String via = hop == target ? "" : " of the jump host " + hop.alias();
      if (!canAuthenticate(hop, config)) {
        List<Path> keys = hop.identityFiles().isEmpty() ? config.defaultIdentities() : hop.identityFiles();
        problems.add("SSH key" + via + ": none of " + String.join(", ", keys.stream().map(Path::toString).toList())
            + " is readable, and no SSH agent");
      }
      if (!hop.acceptNewHostKeys() && KnownHosts.knownAlgorithms(knownHostsFiles(hop), hop.knownHostsName()).isEmpty()) {
        problems.add("known_hosts" + via + ": no key recorded in "
            + String.join(", ", knownHostsFiles(hop).stream().map(Path::toString).toList()));
      }
    }
    return problems;
  }

  private static boolean canAuthenticate(SshTarget target, SshConfig config) {
    if (!target.noAgent() && target.identityAgent() != null && Files.exists(target.identityAgent())) {
      return true;
    }
    List<Path> keys = target.identityFiles().isEmpty() ? config.defaultIdentities() : target.identityFiles();
    return keys.stream().anyMatch(Files::isReadable);
  }

  private static List<Path> knownHostsFiles(SshTarget target) {
    List<Path> files = new ArrayList<>(target.userKnownHostsFiles());
    files.addAll(target.globalKnownHostsFiles());
    return files;
  }

  private static String named(List<String> hosts) {
    String first = String.join(", ", hosts.subList(0, Math.min(NAMED, hosts.size())));
    return hosts.size() <= NAMED ? first : first + " and " + (hosts.size() - NAMED) + " more";
  }
}
