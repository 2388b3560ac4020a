package dev.fleetroll.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints an error as one readable line; the stack trace only with {@code --debug}. */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (Fleetroll.debug()) {
      error.printStackTrace(err);
    }
    err.println(command.getColorScheme().errorText("fleetroll: " + describe(error)));
    err.flush();
    return ExitCode.of(error);
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      message = error.getClass().getSimpleName();
    }
    Throwable cause = error.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message += ": " + cause.getMessage();
    }
    return message.strip().replace('\n', ' ');
  }
}
