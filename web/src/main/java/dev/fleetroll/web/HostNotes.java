package dev.fleetroll.web;

import java.time.Instant;
import java.util.List;

/** The notes operators left on a host. This build has none: {@link NoHostNotes} says so until they are wired in. */
public interface HostNotes {

  Notes notes(String host);

  /** @param available whether this build keeps notes; @param message why not, when not */
  record Notes(boolean available, String message, List<Note> notes) {}

  record Note(Instant at, String author, String text) {}
}
