package dev.fleetroll.cli.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program in a real pseudo-terminal: tmux runs it in a detached session of a fixed size on its own
 * server, keys are typed with send-keys, the screen is read with capture-pane, and everything the program
 * wrote to the terminal is kept (pipe-pane) to check how it drew.
 */
final class Tmux implements AutoCloseable {

  private final String socket = "fleetroll-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  private final Path output;

  private Tmux(Path output) {
    this.output = output;
  }

  /** Starts {@code script} (an executable file) in a {@code columns} x {@code rows} terminal. */
  static Tmux start(Path script, int columns, int rows, Path dir) throws IOException {
    Tmux t = new Tmux(dir.resolve("terminal.raw"));
    // The pane's output is recorded from before the program starts: it waits for the recorder.
    Path go = dir.resolve("go");
    Path wrapper = Files.writeString(dir.resolve("wrapper.sh"),
        "#!/bin/sh\nwhile [ ! -e '" + go + "' ]; do sleep 0.05; done\nexec '" + script + "'\n");
    wrapper.toFile().setExecutable(true);
    t.tmux("new-session", "-d", "-s", "t", "-x", String.valueOf(columns), "-y", String.valueOf(rows), wrapper.toString());
    t.tmux("pipe-pane", "-o", "-t", "t", "cat >> '" + t.output + "'");
    Files.writeString(go, "");
    return t;
  }

  /** Types keys as tmux names them ("Enter", "Escape", "Up", "C-u") or, with {@code literal}, as text. */
  void keys(String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  void type(String text) {
    tmux("send-keys", "-t", "t", "-l", text);
  }

  /** Waits (at most {@code seconds}) until the screen satisfies {@code condition}; fails with the screen. */
  String await(Predicate<String> condition, int seconds, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = screenWhileAlive(screen);
      if (condition.test(screen)) {
        return screen;
      }
      sleep(100);
    }
    throw new AssertionError("the terminal never showed " + what + " within " + seconds + " s; it shows:\n" + screen);
  }

  /** The screen as text, one line per row, or {@code last} once the program has ended (its session, and tmux's server, end with it). */
  private String screenWhileAlive(String last) {
    Result r = run("capture-pane", "-p", "-t", "t");
    return r.exitCode == 0 ? r.out : last; // checking alive() first raced with a program quitting in between
  }

  /** Whether the program still runs (the session ends with it). */
  boolean alive() {
    return run("has-session", "-t", "t").exitCode == 0;
  }

  /** Everything the program wrote to the terminal so far. */
  String output() throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() {
    run("kill-server");
  }

  private String tmux(String... args) {
    Result r = run(args);
    if (r.exitCode != 0) {
      throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + r.out);
    }
    return r.out;
  }

  private record Result(int exitCode, String out) {}

  private Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new AssertionError("cannot run tmux (tools/install-deps.sh installs it): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
