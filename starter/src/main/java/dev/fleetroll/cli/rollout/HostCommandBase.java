package dev.fleetroll.cli.rollout;

import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import java.util.List;
import picocli.CommandLine.Parameters;

/** An operator command about one host of a rollout: skip, retry, exclude. */
abstract class HostCommandBase extends OperatorCommandBase {

  @Parameters(index = "1", paramLabel = "HOST",
      description = "The host, as the rollout names it, or its short name (t-linux64-ms-002) when that is unique.")
  String host;

  @Override
  OperatorCommand command(String actor, RolloutProgress current) {
    return OperatorCommand.host(actor, reason, resolve(host, current.hosts()));
  }

  /** People type short names; the rollout knows its hosts by the names in the plan. */
  static String resolve(String name, List<HostRecord> hosts) {
    if (hosts.stream().anyMatch(h -> h.host().equals(name))) {
      return name;
    }
    List<String> matches = hosts.stream().map(HostRecord::host).filter(h -> h.startsWith(name + ".")).toList();
    return matches.size() == 1 ? matches.getFirst() : name; // unknown or ambiguous: the validator says which
  }
}
