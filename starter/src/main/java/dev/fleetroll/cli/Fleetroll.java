package dev.fleetroll.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.fleetroll.cli.aot.AotTrainingCommand;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
    name = "fleetroll",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Roll Puppet overrides across CI hardware, safely and in stages.")
public final class Fleetroll {

  /** The commands under {@code fleetroll}, in the order its usage lists them. */
  private static final List<Class<?>> COMMANDS = List.of(
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
      dev.fleetroll.cli.freeze.FreezeCommand.class,
      WebCommand.class,
      DemoCommand.class,
      AutoComplete.GenerateCompletion.class,
      AotTrainingCommand.class);

  private static boolean debug;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Log at debug level and print stack traces with errors.")
  void setDebug(boolean value) {
    applyDebug(value);
  }

  /**
   * Logging starts at WARN (CliLogging); it is touched only to change that, so a command that logs nothing
   * never pays for setting it up.
   */
  private static void applyDebug(boolean value) {
    if (value || debug) {
      ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(value ? Level.DEBUG : Level.WARN);
    }
    debug = value;
  }

  public static boolean debug() {
    return debug;
  }

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** Every command in full: what tests check, and what a completion script is made of. */
  public static CommandLine commandLine() {
    return commandLine(type -> true);
  }

  /**
   * The command line to run {@code args} with: the command they name is built in full (picocli reads the
   * annotations of its options and of everything under it), the others only as their name and description,
   * all the usage list and "did you mean" need. Building every command was most of a command's start.
   * (The options of {@code fleetroll} itself take no value, so the first other argument names the command;
   * with an argument file, {@code @FILE}, they are not known yet.)
   */
  public static CommandLine commandLine(String... args) {
    String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    boolean everything = named.startsWith("@") || named.equals("generate-completion");
    return commandLine(type -> everything || names(type).contains(named));
  }

  private static CommandLine commandLine(Predicate<Class<?>> inFull) {
    applyDebug(false); // a command line starts without --debug, also when tests run several in one JVM
    CommandLine cli = new CommandLine(new Fleetroll());
    for (Class<?> type : COMMANDS) {
      cli.addSubcommand(inFull.test(type) ? new CommandLine(type) : summary(type));
    }
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setParameterExceptionHandler(new UsageErrorReporter());
    cli.setExitCodeExceptionMapper(ExitCode::of);
    // `fleetroll generate-completion` prints a bash/zsh completion script; README says how to load it.
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    return cli;
  }

  /** A command as its parent's usage lists it: name, aliases, description, hidden or not. */
  private static CommandLine summary(Class<?> type) {
    Command command = type.getAnnotation(Command.class);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(type).name(command.name()).aliases(command.aliases());
    spec.usageMessage().description(command.description()).hidden(command.hidden());
    return new CommandLine(spec);
  }

  private static List<String> names(Class<?> type) {
    Command command = type.getAnnotation(Command.class);
    List<String> names = new ArrayList<>(List.of(command.aliases()));
    names.add(command.name());
    return names;
  }
}
