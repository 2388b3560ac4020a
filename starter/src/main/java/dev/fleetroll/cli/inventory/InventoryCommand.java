package dev.fleetroll.cli.inventory;

import picocli.CommandLine.Command;

@Command(name = "inventory", mixinStandardHelpOptions = true,
    description = "Keep the inventory current: gather hosts, Taskcluster and GitHub now, or on a Temporal Schedule.",
    subcommands = {ScheduleCommand.class, GatherCommand.class})
public final class InventoryCommand {}
