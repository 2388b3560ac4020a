package dev.fleetroll;

/**
 * Bad input from the operator: a malformed file, an unknown host, an invalid option value.
 * The message names the file, line or host and what is wrong; the CLI exits with code 2 and nothing
 * on any host has been changed.
 */
public class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
