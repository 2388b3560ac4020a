package dev.fleetroll.monitor;

/**
 * One cell: its text, its colour, and for age columns the age in seconds (null when unknown).
 */
public record Cell(String text, Tone tone, Long seconds) {
  public static Cell plain(String text) {
    return new Cell(text, Tone.PLAIN, null);
  }

  public static Cell of(String text, Tone tone) {
    return new Cell(text, tone, null);
  }

  /** Empty for filters: {@code -}, {@code --} or nothing ({@code ?} is "unknown", not empty). */
  public boolean empty() {
    return text == null || text.isBlank() || text.equals("-") || text.equals("--");
  }

  /** Sorted last whatever the direction. */
  public boolean unknown() {
    return empty() || text.equals("?");
  }
}
