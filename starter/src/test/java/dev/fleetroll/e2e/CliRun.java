package dev.fleetroll.e2e;

/** What a run of the {@code fleetroll} command printed and how it exited. */
public record CliRun(int exitCode, String out, String err) {

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
