package dev.fleetroll.store;

import dev.fleetroll.InputException;
import dev.fleetroll.Sha;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Override and vault files by content: {@code content/overrides/<sha12>} and
 * {@code content/vaults/<sha12>} (a name grows by 4 hex digits if its prefix is taken by other
 * content). Vault files and their directory are readable by the owner only. Files are written to a
 * temporary name and renamed, so a reader never sees half a file.
 */
public final class ContentStore {

  /** What a stored file is. */
  public enum Kind {
    OVERRIDE("overrides"),
    VAULT("vaults");

    final String directory;

    Kind(String directory) {
      this.directory = directory;
    }

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One stored file: its digest, its file name (a sha prefix), its two-word name. */
  public record Entry(Kind kind, String sha256, String fileName, long size, Instant firstSeen, Path path) {
    public String humanHash() {
      return HumanHash.of(sha256);
    }

    public String shortSha() {
      return new Sha(sha256).contentForm();
    }
  }

  private final Store store;
  private final Path root;

  /** Where the files are. */
  public Path directory() {
    return root;
  }

  ContentStore(Store store, Path root) {
    this.store = store;
    this.root = root;
  }

  /** Stores {@code bytes} (idempotent: the same content is stored once) and returns its entry. */
  public Entry put(Kind kind, byte[] bytes) {
    String sha = Sha.sha256(bytes);
    synchronized (store) {
      Entry existing = bySha(sha);
      if (existing != null && Files.isRegularFile(existing.path())) {
        return existing;
      }
      Path dir = directory(kind);
      String name = existing != null ? existing.fileName() : freeName(kind, sha);
      Path file = dir.resolve(name);
      try {
        Path tmp = Files.createTempFile(dir, ".incoming-", "");
        if (kind == Kind.VAULT) {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot store " + kind.code() + " " + sha.substring(0, 12), e);
      }
      Instant now = Instant.now();
      if (existing == null) {
        store.update("INSERT OR IGNORE INTO content (sha256, kind, file_name, size, first_seen) VALUES (?, ?, ?, ?, ?)",
            sha, kind.code(), name, bytes.length, now.toString());
      }
      return bySha(sha);
    }
  }

  public byte[] read(Entry entry) {
    try {
      return Files.readAllBytes(entry.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stored " + entry.kind().code() + " " + entry.shortSha(), e);
    }
  }

  /** The entry with this full digest, or null. */
  public Entry bySha(String sha256) {
    List<Entry> rows = store.query("SELECT kind, sha256, file_name, size, first_seen FROM content WHERE sha256 = ?",
        List.of(sha256.toLowerCase(Locale.ROOT)), rs -> entry(rs));
    return rows.isEmpty() ? null : rows.get(0);
  }

  public List<Entry> list(Kind kind) {
    return store.query("SELECT kind, sha256, file_name, size, first_seen FROM content WHERE kind = ? ORDER BY first_seen DESC",
        List.of(kind.code()), rs -> entry(rs));
  }

  /**
   * Finds a stored file by sha prefix (at least 4 hex digits) or by its two-word name.
   *
   * @throws InputException none or several match; the message lists the candidates
   */
  public Entry resolve(Kind kind, String reference) {
    String ref = reference.strip().toLowerCase(Locale.ROOT);
    List<Entry> all = list(kind);
    List<Entry> matches = new ArrayList<>();
    if (ref.matches("[0-9a-f]{4,64}")) {
      for (Entry e : all) {
        if (e.sha256().startsWith(ref)) {
          matches.add(e);
        }
      }
    }
    if (matches.isEmpty() && ref.matches("[a-z]+-[a-z]+")) {
      for (Entry e : all) {
        if (e.humanHash().equals(ref)) {
          matches.add(e);
        }
      }
    }
    if (matches.isEmpty()) {
      throw new InputException("no stored " + kind.code() + " matches '" + reference + "' (give a sha256 prefix of"
          + " at least 4 hex digits or a two-word name; " + all.size() + " stored)");
    }
    if (matches.size() > 1) {
      StringBuilder names = new StringBuilder();
      for (Entry e : matches) {
        names.append(names.isEmpty() ? "" : ", ").append(e.shortSha()).append(" (").append(e.humanHash()).append(')');
      }
      throw new InputException("'" + reference + "' is ambiguous: it matches " + names + "; give more of the sha256");
    }
    return matches.get(0);
  }

  private Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
    Kind kind = Kind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT));
    return new Entry(kind, rs.getString(2), rs.getString(3), rs.getLong(4), Instant.parse(rs.getString(5)),
        root.resolve(kind.directory).resolve(rs.getString(3)));
  }

  private String freeName(Kind kind, String sha) {
    for (int length = 12; length <= 64; length += 4) {
      String name = sha.substring(0, length);
      List<String> taken = store.query("SELECT sha256 FROM content WHERE kind = ? AND file_name = ?",
          List.of(kind.code(), name), rs -> rs.getString(1));
      if (taken.isEmpty() && !Files.exists(directory(kind).resolve(name))) {
        return name;
      }
    }
    return sha;
  }

  private Path directory(Kind kind) {
    Path dir = root.resolve(kind.directory);
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        if (kind == Kind.VAULT) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return dir;
  }
}
