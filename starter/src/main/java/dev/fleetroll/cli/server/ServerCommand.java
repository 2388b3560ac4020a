package dev.fleetroll.cli.server;

import picocli.CommandLine.Command;

@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the local Temporal server (with its Web UI) and a worker in the background.",
      "Everything they write (database, logs, pid files) lives in the data directory: FLEETROLL_HOME, else ~/.fleetroll."
    },
    subcommands = {ServerStartCommand.class, ServerStopCommand.class, ServerStatusCommand.class})
public final class ServerCommand {}
