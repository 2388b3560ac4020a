package dev.fleetroll.cli.host;

import dev.fleetroll.HostName;
import dev.fleetroll.InputException;
import dev.fleetroll.cli.ExitCode;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.json.Json;
import dev.fleetroll.store.Actor;
import dev.fleetroll.store.Note;
import dev.fleetroll.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "note", mixinStandardHelpOptions = true,
    description = {"Notes on hosts, as the MVP's: the monitor's NOTE column shows the newest ('(N) ' when N since the",
        "last clear) and 'note=' / 'note!=' filter on it. Notes live in the store with who wrote them and when."},
    subcommands = {NoteCommand.Add.class, NoteCommand.Clear.class, NoteCommand.Show.class})
public final class NoteCommand {

  /** The host's canonical name (a short name gets the fleet's domain), as audits and rollouts record it. */
  static String host(String name) {
    try {
      return HostName.canonical(name, HostName.fleetDomain(System.getenv()));
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a note to a host.")
  public static final class Add implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST") String host;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT") List<String> text;

    @Override
    public Integer call() {
      String note = String.join(" ", text).strip();
      if (note.isEmpty()) {
        throw new InputException("the note is empty");
      }
      String name = host(host);
      try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
        store.addNote(name, Actor.current(), note);
      }
      System.out.println("Note added to " + name);
      return ExitCode.OK;
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true,
      description = "Clear a host's notes: they no longer show (show --include-cleared still lists them).")
  public static final class Clear implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST") String host;

    @Option(names = "--reason", description = "Why.") String reason;

    @Override
    public Integer call() {
      String name = host(host);
      try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
        store.clearNotes(name, Actor.current(), reason);
      }
      System.out.println("Notes of " + name + " cleared");
      return ExitCode.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A host's notes since the last clear, oldest first.")
  public static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST") String host;

    @Option(names = {"-i", "--include-cleared"}, description = "Also the cleared notes and the clears.") boolean includeCleared;

    @Option(names = "--limit", defaultValue = "50", description = "At most the newest N (default: ${DEFAULT-VALUE}).") int limit;

    @Option(names = "--json", description = "One JSON object per note.") boolean json;

    @Override
    public Integer call() {
      List<Note> notes;
      String name = host(host);
      try (Store store = Store.open(FleetrollHome.fromEnvironment())) {
        List<Note> log = store.noteLog(name);
        notes = includeCleared ? log : Note.current(log);
      }
      notes = notes.subList(Math.max(0, notes.size() - Math.max(1, limit)), notes.size());
      if (notes.isEmpty() && !json) {
        System.out.println("No notes for " + host);
      }
      for (Note n : notes) {
        System.out.println(json ? Json.write(n) : "[" + n.at().toString().substring(0, 19).replace('T', ' ') + "] (" + n.actor() + ") "
            + (n.clear() ? "cleared" + (n.text().isEmpty() ? "" : ": " + n.text()) : n.text()));
      }
      return ExitCode.OK;
    }
  }
}
