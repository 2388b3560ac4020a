package dev.fleetroll.cli.host;

import picocli.CommandLine.Command;

@Command(name = "tc", mixinStandardHelpOptions = true, description = "Read Taskcluster worker state for hosts.",
    subcommands = TcFetchCommand.class)
public final class TcCommand {}
