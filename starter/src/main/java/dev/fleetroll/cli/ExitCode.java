package dev.fleetroll.cli;

import dev.fleetroll.InputException;
import picocli.CommandLine;

/** The exit codes of every fleetroll command, decided in one place. */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** The operation failed, or failed on some hosts. */
  public static final int FAILED = 1;
  /** Usage or input error: nothing was changed. */
  public static final int USAGE = 2;

  private ExitCode() {}

  static int of(Throwable error) {
    if (error instanceof InputException || error instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return FAILED;
  }
}
