package dev.fleetroll.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error is one line that names the mistake and where to read more; exit code 2. A command
 * given without its subcommand prints its usage instead, since that is what the operator is asking for.
 */
final class UsageErrorReporter implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    PrintWriter err = command.getErr();
    if (Fleetroll.debug()) {
      error.printStackTrace(err);
    }
    if (error.getMessage() != null && error.getMessage().startsWith("Missing required subcommand")) {
      command.usage(err, command.getColorScheme());
      return ExitCode.USAGE;
    }
    err.println(command.getColorScheme().errorText("fleetroll: " + message(error) + " (see '"
        + command.getCommandSpec().qualifiedName() + " --help')"));
    err.flush();
    return ExitCode.USAGE;
  }

  private static String message(ParameterException error) {
    String message = error.getMessage().strip().replace('\n', ' ');
    if (error instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += "; did you mean '" + String.join("' or '", suggestions) + "'?";
      }
    }
    return message;
  }
}
