package dev.fleetroll.cli;

import dev.fleetroll.monitor.Tone;

/**
 * Terminal colours: on when stdout is a terminal (and NO_COLOR is unset), off when piped, so
 * scripts get plain text.
 */
public final class Style {
  private final boolean color;

  public Style(boolean color) {
    this.color = color;
  }

  public static Style forStdout() {
    boolean tty = System.console() != null && System.console().isTerminal();
    String term = System.getenv("TERM");
    return new Style(tty && System.getenv("NO_COLOR") == null && !"dumb".equals(term));
  }

  public boolean color() {
    return color;
  }

  public String tone(String text, Tone tone) {
    if (!color) {
      return text;
    }
    return switch (tone) {
      case GOOD -> "\u001b[32m" + text + "\u001b[0m";
      case WARN -> "\u001b[33m" + text + "\u001b[0m";
      case BAD -> "\u001b[31m" + text + "\u001b[0m";
      case CATEGORY -> category(text, false);
      case BOLD_CATEGORY -> category(text, true);
      case PLAIN -> text;
    };
  }

  public String bold(String text) {
    return color ? "\u001b[1m" + text + "\u001b[0m" : text;
  }

  public String good(String text) {
    return tone(text, Tone.GOOD);
  }

  public String bad(String text) {
    return tone(text, Tone.BAD);
  }

  public String warn(String text) {
    return tone(text, Tone.WARN);
  }

  /** A stable colour per distinct value, avoiding red, yellow and green (status colours). */
  private static final int[] PALETTE = {33, 39, 45, 51, 63, 69, 75, 81, 93, 99, 105, 111, 129, 135, 141, 147, 165, 171, 177, 183, 207, 213};

  private String category(String text, boolean bold) {
    if (text.equals("-") || text.equals("?") || text.equals("missing")) {
      return text;
    }
    String key = text.contains(" (") ? text.substring(0, text.indexOf(" (")) : text;
    int colour = PALETTE[Math.floorMod(key.hashCode(), PALETTE.length)];
    return (bold ? "\u001b[1m" : "") + "\u001b[38;5;" + colour + "m" + text + "\u001b[0m";
  }

  /** Display width, ignoring colour codes. */
  public static int width(String text) {
    return text.replaceAll("\u001b\\[[0-9;]*m", "").length();
  }
}
