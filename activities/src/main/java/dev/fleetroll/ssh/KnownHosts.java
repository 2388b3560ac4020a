package dev.fleetroll.ssh;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * OpenSSH known_hosts files: plain and hashed ({@code |1|salt|hash}) host names, patterns with
 * {@code *}/{@code ?} and negation, {@code [host]:port} entries, {@code @revoked} keys and
 * {@code @cert-authority} lines (which Fleetroll does not use to trust a host: see {@link Check}).
 */
public final class KnownHosts {

  /** What the files say about a host's key. */
  public enum Verdict {
    /** A line for the host has this very key. */
    MATCH,
    /** No line for the host has a key (of any type). */
    UNKNOWN,
    /** Lines for the host have other keys, of this type or another: the host is not the one we knew. */
    CHANGED,
    /** An {@code @revoked} line for the host has this key. */
    REVOKED
  }

  /** A key known_hosts has for the host, and where. */
  public record KnownKey(String type, String fingerprint, Path file, int line) {
    /** As OpenSSH names the line: {@code ED25519 key SHA256:... in /root/.ssh/known_hosts:3}. */
    public String describe() {
      return displayType(type) + " key " + fingerprint + " in " + file + ":" + line;
    }
  }

  /**
   * The verdict; the fingerprint and type of the key presented; the keys known for the host (for a
   * CHANGED verdict); and whether an {@code @cert-authority} line covers the host (such a host must
   * present a certificate to OpenSSH, so its plain key is never recorded on first sight).
   */
  public record Check(Verdict verdict, String presented, String presentedType, List<KnownKey> known,
      boolean certificateAuthority) {}

  private KnownHosts() {}

  public static Check check(List<Path> files, String name, PublicKey key) {
    byte[] blob = blob(key);
    String type = KeyType.fromKey(key).toString();
    String fingerprint = fingerprint(blob);
    List<KnownKey> known = new ArrayList<>();
    boolean match = false;
    boolean authority = false;
    for (Path file : files) {
      for (Entry entry : read(file)) {
        if (!entry.appliesTo(name)) {
          continue;
        }
        switch (entry.marker()) {
          case REVOKED -> {
            if (Arrays.equals(entry.key(), blob)) {
              return new Check(Verdict.REVOKED, fingerprint, type, List.of(), false);
            }
          }
          case CERT_AUTHORITY -> authority = true;
          case NONE -> {
            if (Arrays.equals(entry.key(), blob)) {
              match = true;
            } else {
              known.add(new KnownKey(entry.type(), fingerprint(entry.key()), file, entry.line()));
            }
          }
        }
      }
    }
    if (match) {
      return new Check(Verdict.MATCH, fingerprint, type, List.of(), authority);
    }
    return new Check(known.isEmpty() ? Verdict.UNKNOWN : Verdict.CHANGED, fingerprint, type, List.copyOf(known), authority);
  }

  /**
   * The host key algorithms to prefer for {@code name}: those of the keys known for it, so that a
   * host with several keys presents the one we know (as OpenSSH orders them).
   */
  public static List<String> knownAlgorithms(List<Path> files, String name) {
    Set<String> out = new LinkedHashSet<>();
    for (Path file : files) {
      for (Entry entry : read(file)) {
        if (entry.marker() == Marker.NONE && entry.appliesTo(name)) {
          if (entry.type().equals("ssh-rsa")) {
            out.addAll(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));
          } else {
            out.add(entry.type());
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Appends a line for {@code key} to {@code file} the way ssh does ({@code add_host_to_hostfile}):
   * opened for appending (a symlink is followed, the file keeps its inode and mode), a missing final
   * newline added first, nothing else touched. A file that is not a regular file ({@code /dev/null})
   * is never written. Locked, so concurrent commands cannot interleave their lines.
   *
   * @param hash write the host name hashed (HashKnownHosts yes)
   * @return false when the key was already there (recorded by someone else meanwhile)
   * @throws IOException when the key cannot be recorded
   */
  public static synchronized boolean append(Path file, String name, PublicKey key, boolean hash) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IOException(file + " is not a regular file");
    }
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND); FileLock lock = out.lock()) {
      if (check(List.of(file), name, key).verdict() == Verdict.MATCH) {
        return false;
      }
      StringBuilder line = new StringBuilder();
      if (out.size() > 0 && lastByte(file) != '\n') {
        line.append('\n');
      }
      line.append(hash ? hashed(name) : name).append(' ').append(KeyType.fromKey(key)).append(' ')
          .append(Base64.getEncoder().encodeToString(blob(key))).append('\n');
      ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(false);
    } finally {
      PARSED.remove(file);
    }
    return true;
  }

  private static int lastByte(Path file) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(in.length() - 1);
      return in.read();
    }
  }

  /** OpenSSH's hashed host name: {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}. */
  static String hashed(String name) {
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hmac(salt, name));
  }

  private static byte[] hmac(byte[] salt, String name) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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

  /** The key type as OpenSSH prints it: ED25519, ECDSA, RSA, DSA. */
  public static String displayType(String type) {
    return switch (type) {
      case "ssh-ed25519" -> "ED25519";
      case "ssh-rsa" -> "RSA";
      case "ssh-dss" -> "DSA";
      default -> type.startsWith("ecdsa-") ? "ECDSA" : type.toUpperCase(Locale.ROOT);
    };
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
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        Entry entry = Entry.parse(lines.get(i), i + 1);
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

  private enum Marker { NONE, REVOKED, CERT_AUTHORITY }

  /** One key line; {@code patterns} is null for a hashed host name. */
  private record Entry(Marker marker, String hosts, HostPattern patterns, String type, byte[] key, int line) {

    static Entry parse(String raw, int number) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        return null;
      }
      String[] f = line.split("\\s+");
      Marker marker = Marker.NONE;
      int i = 0;
      if (f[0].startsWith("@")) {
        marker = switch (f[0]) {
          case "@revoked" -> Marker.REVOKED;
          case "@cert-authority" -> Marker.CERT_AUTHORITY;
          default -> null;
        };
        if (marker == null) {
          return null;
        }
        i = 1;
      }
      if (f.length < i + 3) {
        return null;
      }
      try {
        HostPattern patterns = f[i].startsWith("|1|") ? null : HostPattern.parse(List.of(f[i]));
        return new Entry(marker, f[i], patterns, f[i + 1], Base64.getDecoder().decode(f[i + 2]), number);
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
        return MessageDigest.isEqual(expected, hmac(salt, name));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
