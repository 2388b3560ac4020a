package dev.fleetroll.cli.host;

import picocli.CommandLine.Command;

@Command(name = "host", mixinStandardHelpOptions = true,
    description = "Audit hosts, monitor them, find drift, note on them, change their overrides and vaults, and return"
        + " quarantined workers to service.",
    subcommands = {AuditCommand.class, MonitorCommand.class, DriftCommand.class, NoteCommand.class, FiltersCommand.class,
        SetOverrideCommand.class, UnsetOverrideCommand.class, SetVaultCommand.class, RunPuppetCommand.class,
        ReleaseCommand.class, QuarantinedCommand.class})
public final class HostCommand {}
