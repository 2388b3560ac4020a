package dev.fleetroll.cli.host;

import picocli.CommandLine.Command;

@Command(name = "host", mixinStandardHelpOptions = true,
    description = "Audit hosts, monitor them, and change their overrides and vaults.",
    subcommands = {AuditCommand.class, MonitorCommand.class, SetOverrideCommand.class, UnsetOverrideCommand.class,
        SetVaultCommand.class, RunPuppetCommand.class})
public final class HostCommand {}
