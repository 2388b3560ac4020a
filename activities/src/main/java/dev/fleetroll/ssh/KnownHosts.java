package dev.fleetroll.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * OpenSSH known_hosts files: plain and hashed ({@code |1|salt|hash}) host names, patterns with
 * {@code *}/{@code ?} and negation, {@code [host]:port} entries, and {@code @revoked} keys.
 * Certificate authorities are not supported (such lines are ignored).
 */
public final class KnownHosts {

  /** What the files say about a host's key. */
  public enum Verdict { MATCH, UNKNOWN, CHANGED, REVOKED }

  /** The verdict and, when the key is unknown or changed, the fingerprints involved. */
  public record Check(Verdict verdict, String presented, List<String> known) {}

  private KnownHosts() {}

  public static Check check(List<Path> files, String name, PublicKey key) {
    byte[] blob = blob(key);
    String type = KeyType.fromKey(key).toString();
    List<String> known = new ArrayList<>();
    boolean match = false;
    for (Path file : files) {
      for (Entry entry : read(file)) {
        if (!entry.appliesTo(name)) {
          continue;
        }
        if (entry.revoked()) {
          if (Arrays.equals(entry.key(), blob)) {
            return new Check(Verdict.REVOKED, fingerprint(blob), List.of());
          }
          continue;
        }
        if (Arrays.equals(entry.key(), blob)) {
          match = true;
        } else if (entry.type().equals(type)) {
          known.add(fingerprint(entry.key()));
        }
      }
    }
    if (match) {
      return new Check(Verdict.MATCH, fingerprint(blob), List.of());
    }
    return new Check(known.isEmpty() ? Verdict.UNKNOWN : Verdict.CHANGED, fingerprint(blob), known);
  }

  /**
   * Records {@code key} for {@code name} in {@code file}, first removing the lines with another key
   * of the same type for that name (a re-imaged host). Synchronized: hosts are accepted concurrently.
   */
  public static synchronized void accept(Path file, String name, PublicKey key) throws IOException {
    String type = KeyType.fromKey(key).toString();
    List<String> kept = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Entry entry = Entry.parse(line);
        if (entry != null && !entry.revoked() && entry.type().equals(type) && entry.appliesTo(name)) {
          continue;
        }
        kept.add(line);
      }
    } else if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    kept.add(name + " " + type + " " + Base64.getEncoder().encodeToString(blob(key)));
    Path tmp = file.resolveSibling(file.getFileName() + ".fleetroll-tmp");
    Files.write(tmp, kept, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    PARSED.remove(file);
  }

  /** OpenSSH's fingerprint format: {@code SHA256:<base64 without padding>}. */
  public static String fingerprint(PublicKey key) {
    return fingerprint(blob(key));
  }

  static String fingerprint(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] blob(PublicKey key) {
    return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
  }

  /**
   * Parsed files by path, reused while the file's inode, size and modification time stay the same
   * (the inode because a rewrite within one timestamp tick can keep the other two).
   */
  private static final Map<Path, Parsed> PARSED = new ConcurrentHashMap<>();

  private record Parsed(Object fileKey, FileTime modified, long size, List<Entry> entries) {
    boolean describes(BasicFileAttributes a) {
      return Objects.equals(fileKey, a.fileKey()) && modified.equals(a.lastModifiedTime()) && size == a.size();
    }
  }

  private static List<Entry> read(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return List.of();
      }
      Parsed cached = PARSED.get(file);
      if (cached != null && cached.describes(attributes)) {
        return cached.entries();
      }
      List<Entry> entries = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Entry entry = Entry.parse(line);
        if (entry != null) {
          entries.add(entry);
        }
      }
      PARSED.put(file, new Parsed(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), List.copyOf(entries)));
      return entries;
    } catch (IOException e) {
      // A missing or unreadable known_hosts file knows no keys; the host then counts as unknown.
      return List.of();
    }
  }

  /** One key line; {@code patterns} is null for a hashed host name. */
  private record Entry(boolean revoked, String hosts, HostPattern patterns, String type, byte[] key) {

    static Entry parse(String raw) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        return null;
      }
      String[] f = line.split("\\s+");
      boolean revoked = false;
      int i = 0;
      if (f[0].startsWith("@")) {
        if (!f[0].equals("@revoked")) {
          return null;
        }
        revoked = true;
        i = 1;
      }
      if (f.length < i + 3) {
        return null;
      }
      try {
        HostPattern patterns = f[i].startsWith("|1|") ? null : HostPattern.parse(List.of(f[i]));
        return new Entry(revoked, f[i], patterns, f[i + 1], Base64.getDecoder().decode(f[i + 2]));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    boolean appliesTo(String name) {
      return patterns == null ? hashedMatches(hosts, name) : patterns.matches(name);
    }

    private static boolean hashedMatches(String field, String name) {
      String[] parts = field.split("\\|");
      if (parts.length != 4) {
        return false;
      }
      try {
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
      } catch (IllegalArgumentException | GeneralSecurityException e) {
        return false;
      }
    }
  }
}
