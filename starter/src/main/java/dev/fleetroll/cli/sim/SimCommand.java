package dev.fleetroll.cli.sim;

import picocli.CommandLine.Command;

@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
        "Run a simulated fleet: real OpenSSH hosts (Linux and macOS look-alikes, each sshd in its own namespaces)",
        "and a Taskcluster stand-in, in the background. Needs Linux and root."},
    subcommands = {
        SimUpCommand.class,
        SimStatusCommand.class,
        SimDownCommand.class,
        SimFaultCommand.class,
        SimBranchCommand.class,
        SimRebootCommand.class,
    })
public final class SimCommand {}
