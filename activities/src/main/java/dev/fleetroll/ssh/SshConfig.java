package dev.fleetroll.ssh;

import dev.fleetroll.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of an OpenSSH client configuration ({@code ssh_config(5)}) that Fleetroll honours: Host
 * blocks with patterns, HostName, Port, User, IdentityFile, IdentitiesOnly, ProxyJump, HostKeyAlias,
 * UserKnownHostsFile, GlobalKnownHostsFile, ConnectTimeout, and Include. As in OpenSSH, the first
 * value obtained for a keyword wins, except IdentityFile and the known-hosts files, which accumulate.
 * {@code Match} blocks are not understood; their contents are skipped rather than misapplied.
 */
public final class SshConfig {

  private final List<Block> blocks;
  private final Path home;
  private final String localUser;

  private SshConfig(List<Block> blocks, Path home, String localUser) {
    this.blocks = blocks;
    this.home = home;
    this.localUser = localUser;
  }

  /** A configuration with no file: every host resolves to OpenSSH's defaults. */
  public static SshConfig empty() {
    return new SshConfig(List.of(), userHome(), localUser());
  }

  /**
   * The configuration the operator chose: {@code explicit} when given, else {@code
   * $FLEETROLL_SSH_CONFIG}, else {@code ~/.ssh/config} when it exists.
   */
  public static SshConfig locate(Path explicit, Map<String, String> env) {
    if (explicit != null) {
      return load(explicit);
    }
    String fromEnv = env.get("FLEETROLL_SSH_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return load(Path.of(fromEnv));
    }
    Path user = userHome().resolve(".ssh").resolve("config");
    return Files.isRegularFile(user) ? load(user) : empty();
  }

  public static SshConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(file + ": SSH config file not found");
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block(HostPattern.parse(List.of("*")), new ArrayList<>(), false));
    parseInto(file, blocks, userHome(), 0);
    return new SshConfig(blocks, userHome(), localUser());
  }

  /** Parses configuration text (for tests), resolving relative paths against {@code home}. */
  static SshConfig parse(String text, Path home, String localUser) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block(HostPattern.parse(List.of("*")), new ArrayList<>(), false));
    parseLines(text, "<config>", Path.of("."), blocks, home, 0);
    return new SshConfig(blocks, home, localUser);
  }

  /** Everything needed to connect to {@code host} as the operator typed it. */
  public SshTarget resolve(String host) {
    int at = host.lastIndexOf('@');
    String explicitUser = at > 0 ? host.substring(0, at) : null;
    String alias = at > 0 ? host.substring(at + 1) : host;
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Block block : blocks) {
      if (block.skipped() || !block.matches(alias)) {
        continue;
      }
      for (Setting setting : block.settings()) {
        List<String> list = values.computeIfAbsent(setting.keyword(), k -> new ArrayList<>());
        if (ACCUMULATING.contains(setting.keyword()) || list.isEmpty()) {
          list.addAll(setting.arguments());
        }
      }
    }
    String hostName = first(values, "hostname").map(h -> expand(h, alias, alias, 22, "")).orElse(alias);
    int port = first(values, "port").map(p -> parsePort(p, alias)).orElse(22);
    String user = explicitUser != null ? explicitUser : first(values, "user").orElse(localUser);
    List<Path> identities = new ArrayList<>();
    for (String file : values.getOrDefault("identityfile", List.of())) {
      identities.add(path(expand(file, alias, hostName, port, user)));
    }
    boolean identitiesOnly = first(values, "identitiesonly").map("yes"::equalsIgnoreCase).orElse(false);
    String proxyJump = first(values, "proxyjump").filter(v -> !v.equalsIgnoreCase("none")).orElse(null);
    String hostKeyAlias = first(values, "hostkeyalias").orElse(null);
    List<Path> knownHosts = new ArrayList<>();
    for (String file : values.getOrDefault("userknownhostsfile", List.of())) {
      if (!file.equalsIgnoreCase("none")) {
        knownHosts.add(path(expand(file, alias, hostName, port, user)));
      }
    }
    if (!values.containsKey("userknownhostsfile")) {
      knownHosts.add(home.resolve(".ssh/known_hosts"));
      knownHosts.add(home.resolve(".ssh/known_hosts2"));
    }
    List<Path> globalKnownHosts = new ArrayList<>();
    for (String file : values.getOrDefault("globalknownhostsfile", List.of("/etc/ssh/ssh_known_hosts"))) {
      if (!file.equalsIgnoreCase("none")) {
        globalKnownHosts.add(path(expand(file, alias, hostName, port, user)));
      }
    }
    Integer connectTimeout = first(values, "connecttimeout").map(v -> parsePositive(v, "ConnectTimeout", alias)).orElse(null);
    return new SshTarget(alias, hostName, port, user, List.copyOf(identities), identitiesOnly, proxyJump,
        hostKeyAlias, List.copyOf(knownHosts), List.copyOf(globalKnownHosts), connectTimeout);
  }

  /** Default identity files OpenSSH tries when the configuration names none. */
  public List<Path> defaultIdentities() {
    return List.of(home.resolve(".ssh/id_ed25519"), home.resolve(".ssh/id_ecdsa"), home.resolve(".ssh/id_rsa"));
  }

  private static final List<String> ACCUMULATING = List.of("identityfile", "userknownhostsfile", "globalknownhostsfile");

  private static Optional<String> first(Map<String, List<String>> values, String keyword) {
    List<String> list = values.get(keyword);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  private Path path(String value) {
    if (value.equals("~")) {
      return home;
    }
    if (value.startsWith("~/")) {
      return home.resolve(value.substring(2));
    }
    Path p = Path.of(value);
    return p.isAbsolute() ? p : home.resolve(".ssh").resolve(value);
  }

  /** OpenSSH's percent tokens for the keywords that accept them. */
  private String expand(String value, String alias, String hostName, int port, String user) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%' || i + 1 >= value.length()) {
        out.append(c);
        continue;
      }
      char token = value.charAt(++i);
      switch (token) {
        case '%' -> out.append('%');
        case 'h' -> out.append(hostName);
        case 'n' -> out.append(alias);
        case 'p' -> out.append(port);
        case 'r' -> out.append(user);
        case 'u' -> out.append(localUser);
        case 'd' -> out.append(home);
        default -> out.append('%').append(token);
      }
    }
    return out.toString();
  }

  private static int parsePort(String value, String alias) {
    int port = parsePositive(value, "Port", alias);
    if (port > 65535) {
      throw new InputException("SSH config: Port " + value + " for " + alias + " is out of range");
    }
    return port;
  }

  private static int parsePositive(String value, String keyword, String alias) {
    try {
      int n = Integer.parseInt(value);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InputException("SSH config: " + keyword + " '" + value + "' for " + alias + " is not a positive number");
    }
  }

  private static void parseInto(Path file, List<Block> blocks, Path home, int depth) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InputException(file + ": cannot read SSH config: " + e.getMessage(), e);
    }
    parseLines(text, file.toString(), file.toAbsolutePath().getParent(), blocks, home, depth);
  }

  private static void parseLines(String text, String name, Path dir, List<Block> blocks, Path home, int depth) {
    if (depth > 8) {
      throw new InputException(name + ": SSH config Include nested too deeply");
    }
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> words = split(line, name, i + 1);
      String keyword = words.get(0).toLowerCase(Locale.ROOT);
      List<String> args = words.subList(1, words.size());
      if (args.isEmpty()) {
        throw new InputException(name + ":" + (i + 1) + ": '" + words.get(0) + "' needs an argument");
      }
      switch (keyword) {
        case "host" -> blocks.add(new Block(HostPattern.parse(args), new ArrayList<>(), false));
        case "match" -> blocks.add(new Block(HostPattern.parse(List.of()), new ArrayList<>(), true));
        case "include" -> {
          for (String pattern : args) {
            for (Path included : glob(pattern, home)) {
              parseInto(included, blocks, home, depth + 1);
            }
          }
        }
        default -> blocks.get(blocks.size() - 1).settings().add(new Setting(keyword, List.copyOf(args)));
      }
    }
  }

  /** Include paths: relative ones are under ~/.ssh; a '*' in the file name part is a glob. */
  private static List<Path> glob(String pattern, Path home) {
    Path path = pattern.startsWith("~/") ? home.resolve(pattern.substring(2))
        : Path.of(pattern).isAbsolute() ? Path.of(pattern) : home.resolve(".ssh").resolve(pattern);
    String fileName = path.getFileName().toString();
    if (!fileName.contains("*") && !fileName.contains("?")) {
      return Files.isRegularFile(path) ? List.of(path) : List.of();
    }
    List<Path> out = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(path.getParent(), fileName)) {
      stream.forEach(out::add);
    } catch (IOException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }

  /** Splits "Keyword value", "Keyword=value" and double-quoted arguments. */
  private static List<String> split(String line, String name, int lineNumber) {
    List<String> words = new ArrayList<>();
    int eq = line.indexOf('=');
    int space = indexOfWhitespace(line);
    if (eq > 0 && (space < 0 || eq < space || line.substring(space, eq).isBlank())) {
      words.add(line.substring(0, eq).strip());
      line = line.substring(eq + 1);
    }
    StringBuilder current = null;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        if (current == null) {
          current = new StringBuilder();
        }
      } else if (Character.isWhitespace(c) && !quoted) {
        if (current != null) {
          words.add(current.toString());
          current = null;
        }
      } else {
        if (current == null) {
          current = new StringBuilder();
        }
        current.append(c);
      }
    }
    if (quoted) {
      throw new InputException(name + ":" + lineNumber + ": unterminated quote");
    }
    if (current != null) {
      words.add(current.toString());
    }
    return words;
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static Path userHome() {
    return Path.of(System.getProperty("user.home"));
  }

  private static String localUser() {
    return System.getProperty("user.name", "root");
  }

  private record Setting(String keyword, List<String> arguments) {}

  private record Block(HostPattern hosts, List<Setting> settings, boolean skipped) {
    boolean matches(String host) {
      return hosts.matches(host);
    }
  }
}
