package dev.fleetroll.cli.rollout;

import picocli.CommandLine.Command;

@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = "Plan, start, watch and steer staged rollouts of an override (docs/rollouts.md).",
    subcommands = {RolloutPlanCommand.class, RolloutStartCommand.class, RolloutStatusCommand.class,
        RolloutWatchCommand.class, RolloutListCommand.class, RolloutHistoryCommand.class, RolloutAdvanceCommand.class,
        RolloutPauseCommand.class, RolloutResumeCommand.class, RolloutAbortCommand.class, RolloutSkipCommand.class,
        RolloutRetryCommand.class, RolloutExcludeCommand.class, RolloutFinalizeCommand.class})
public final class RolloutCommand {}
