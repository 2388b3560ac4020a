package dev.fleetroll.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's note on a host (the MVP's {@code note-add}), or a clear that hides the notes before
 * it ({@code note-clear}; {@code text} is then its reason).
 */
public record Note(String host, Instant at, String actor, boolean clear, String text) {

  /** The notes after the last clear, oldest first. */
  public static List<Note> current(List<Note> log) {
    List<Note> out = new ArrayList<>();
    for (Note n : log) {
      if (n.clear()) {
        out.clear();
      } else {
        out.add(n);
      }
    }
    return out;
  }
}
