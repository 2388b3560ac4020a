package dev.fleetroll.cli.sim;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.sim.daemon.SimControl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "branch", mixinStandardHelpOptions = true,
    description = {"Change the simulated GitHub: push a commit to a Puppet branch (creating it), or declare its code bad.",
        "Examples:", "  fleetroll sim branch --push https://github.com/me/ronin_puppet.git my-topic",
        "  fleetroll sim branch --puppet-fails https://github.com/me/ronin_puppet.git my-topic",
        "  fleetroll sim branch --tasks-fail 0.5 https://github.com/me/ronin_puppet.git my-topic"})
public final class SimBranchCommand implements Callable<Integer> {
  @Mixin FleetDirOption dir;

  @Option(names = "--push", description = "Push one new commit (creates the branch at its first commit).")
  boolean push;

  @Option(names = "--puppet-fails", negatable = true, description = "Puppet fails to compile this branch (--no-puppet-fails: it compiles).")
  Boolean puppetFails;

  @Option(names = "--tasks-fail", paramLabel = "RATE", description = "Share of tasks that fail on hosts that applied this branch.")
  Double tasksFail;

  @Parameters(index = "0", paramLabel = "REPO") String repo;

  @Parameters(index = "1", paramLabel = "BRANCH") String branch;

  @Override
  public Integer call() throws Exception {
    if (!push && puppetFails == null && tasksFail == null) {
      throw new InputException("say what to change: --push, --puppet-fails/--no-puppet-fails or --tasks-fail RATE");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repo", repo);
    body.put("branch", branch);
    body.put("push", push);
    if (puppetFails != null) {
      body.put("puppetFails", puppetFails);
    }
    if (tasksFail != null) {
      body.put("taskFailureRate", tasksFail);
    }
    try {
      System.out.println(dir.control().branch(body).toString());
    } catch (SimControl.BadRequest e) {
      throw new InputException(e.getMessage());
    }
    return ExitCode.OK;
  }
}
