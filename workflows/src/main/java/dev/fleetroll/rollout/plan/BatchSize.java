package dev.fleetroll.rollout.plan;

/**
 * The size of one batch after the canary: a number of hosts ({@code 5}) or a share of the hosts not
 * yet in a stage ({@code 50%}, rounded up, so a batch never has fewer than one host).
 */
public record BatchSize(int count, int percent) {

  public static BatchSize parse(String text) {
    String t = text == null ? "" : text.strip();
    try {
      if (t.endsWith("%")) {
        int p = Integer.parseInt(t.substring(0, t.length() - 1).strip());
        if (p < 1 || p > 100) {
          throw new IllegalArgumentException("'" + text + "': a percentage must be between 1% and 100%");
        }
        return new BatchSize(0, p);
      }
      int n = Integer.parseInt(t);
      if (n < 1) {
        throw new IllegalArgumentException("'" + text + "': a batch needs at least one host");
      }
      return new BatchSize(n, 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is neither a number of hosts (5) nor a percentage (50%)");
    }
  }

  /** How many of {@code remaining} hosts this batch takes. */
  public int of(int remaining) {
    int wanted = percent > 0 ? (int) Math.ceil(remaining * percent / 100.0) : count;
    return Math.max(0, Math.min(remaining, Math.max(1, wanted)));
  }

  @Override
  public String toString() {
    return percent > 0 ? percent + "%" : Integer.toString(count);
  }
}
