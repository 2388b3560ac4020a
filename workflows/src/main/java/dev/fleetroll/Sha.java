package dev.fleetroll;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A sha as people read it: a git commit by its first 7 hex digits (as git shortens it), the sha256 of
 * content we write or store (an override, a vault) by its first 12.
 *
 * @param hex the whole sha in lower-case hex (a shorter one is shown whole)
 */
public record Sha(String hex) {

  public Sha {
    Objects.requireNonNull(hex, "hex");
  }

  /** The sha256 of {@code bytes} in lower-case hex: how we name content everywhere. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The short form of a git commit: its first 7 hex digits. */
  public String commitForm() {
    return prefix(7);
  }

  /** The short form of the sha256 of content: its first 12 hex digits. */
  public String contentForm() {
    return prefix(12);
  }

  /** {@link #commitForm()} of {@code hex}, or {@code none} when there is no sha. */
  public static String commitForm(String hex, String none) {
    return hex == null ? none : new Sha(hex).commitForm();
  }

  /** {@link #contentForm()} of {@code hex}, or {@code none} when there is no sha. */
  public static String contentForm(String hex, String none) {
    return hex == null ? none : new Sha(hex).contentForm();
  }

  private String prefix(int digits) {
    return hex.substring(0, Math.min(digits, hex.length()));
  }
}
