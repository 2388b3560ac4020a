package dev.fleetroll.cli.rollout;

import dev.fleetroll.HostName;
import dev.fleetroll.InputException;
import dev.fleetroll.rollout.HostRecord;
import dev.fleetroll.rollout.OperatorCommand;
import dev.fleetroll.rollout.RolloutProgress;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Parameters;

/** An operator command about one host of a rollout: skip, retry, exclude. */
abstract class HostCommandBase extends OperatorCommandBase {

  @Parameters(index = "1", paramLabel = "HOST",
      description = "The host, in any spelling (t-linux64-ms-002 or its full name, any case).")
  String host;

  @Override
  OperatorCommand command(String actor, RolloutProgress current) {
    return OperatorCommand.host(actor, reason, resolve(host, current.hosts(), HostName.fleetDomain(System.getenv())));
  }

  /**
   * The host as the rollout names it: the one whose canonical name is that of {@code typed}, or when
   * {@code typed} is a short name, the rollout's one host with that short name (its domain may not be
   * the fleet's). A name the rollout does not know is passed on as typed, for the workflow to refuse.
   */
  static String resolve(String typed, List<HostRecord> hosts, String domain) {
    List<String> names = hosts.stream().map(HostRecord::host).toList();
    if (names.contains(typed)) {
      return typed;
    }
    String canonical;
    try {
      canonical = HostName.canonical(typed, domain);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
    List<String> same = names.stream().filter(h -> canonical.equals(HostName.legacy(h, domain))).toList();
    if (same.isEmpty() && !typed.contains(".")) {
      String shortName = typed.toLowerCase(Locale.ROOT);
      same = names.stream().filter(h -> {
        String name = HostName.legacy(h, domain);
        return name != null && HostName.shortName(name).equals(shortName);
      }).toList();
    }
    if (same.size() > 1) {
      throw new InputException(typed + " is the short name of " + String.join(" and ", same) + ": give the full name");
    }
    return same.isEmpty() ? typed : same.getFirst();
  }
}
