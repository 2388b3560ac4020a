package dev.fleetroll.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.fleetroll.cli.host.HostCommand;
import dev.fleetroll.cli.host.OverrideCommand;
import dev.fleetroll.cli.host.TcCommand;
import dev.fleetroll.cli.host.VaultCommand;
import dev.fleetroll.cli.inventory.InventoryCommand;
import dev.fleetroll.cli.inventory.StoreCommand;
import dev.fleetroll.cli.namespace.NamespaceCommand;
import dev.fleetroll.cli.rollout.DemoCommand;
import dev.fleetroll.cli.rollout.RolloutCommand;
import dev.fleetroll.cli.server.PingCommand;
import dev.fleetroll.cli.server.ServerCommand;
import dev.fleetroll.cli.server.WorkerCommand;
import dev.fleetroll.cli.sim.SimCommand;
import dev.fleetroll.cli.web.WebCommand;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
    name = "fleetroll",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Roll Puppet overrides across CI hardware, safely and in stages.",
    subcommands = {
      ServerCommand.class,
      WorkerCommand.class,
      PingCommand.class,
      NamespaceCommand.class,
      SimCommand.class,
      HostCommand.class,
      TcCommand.class,
      InventoryCommand.class,
      StoreCommand.class,
      OverrideCommand.class,
      VaultCommand.class,
      RolloutCommand.class,
      WebCommand.class,
      DemoCommand.class,
      AutoComplete.GenerateCompletion.class,
    })
public final class Fleetroll {

  private static boolean debug;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Log at debug level and print stack traces with errors.")
  void setDebug(boolean value) {
    applyDebug(value);
  }

  private static void applyDebug(boolean value) {
    debug = value;
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(value ? Level.DEBUG : Level.WARN);
  }

  public static boolean debug() {
    return debug;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    applyDebug(false); // a command line starts without --debug, also when tests run several in one JVM
    CommandLine cli = new CommandLine(new Fleetroll());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setParameterExceptionHandler(new UsageErrorReporter());
    cli.setExitCodeExceptionMapper(ExitCode::of);
    // `fleetroll generate-completion` prints a bash/zsh completion script; README says how to load it.
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    return cli;
  }
}
