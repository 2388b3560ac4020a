package dev.fleetroll.cli.namespace;

import picocli.CommandLine.Command;

@Command(
    name = "namespace",
    mixinStandardHelpOptions = true,
    description = "Prepare a Temporal namespace for Fleetroll (on any server: a cluster, Temporal Cloud, the dev server).",
    subcommands = {NamespaceSetupCommand.class})
public final class NamespaceCommand {}
