package dev.fleetroll.cli.freeze;

import picocli.CommandLine.Command;

@Command(name = "freeze", mixinStandardHelpOptions = true,
    description = {"Team-wide freezes: while one holds, no rollout on this Temporal cluster starts a new host",
        "(hosts in flight finish). Kept by one workflow, fleetroll-freezes; every change is audited (docs/rollouts.md)."},
    subcommands = {FreezeAddCommand.class, FreezeListCommand.class, FreezeRemoveCommand.class})
public final class FreezeCommand {}
