package dev.fleetroll.ssh;

import dev.fleetroll.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An OpenSSH client configuration ({@code ssh_config(5)}), resolved for one host the way OpenSSH 9
 * resolves it: Host and Match blocks (host, originalhost, user, localuser, all, final, canonical),
 * Include with its own block state, the first value of a keyword wins (IdentityFile and
 * CertificateFile accumulate; UserKnownHostsFile takes the files of its first line), percent tokens,
 * {@code ${VAR}} and {@code ~}. Every keyword is honoured, has no effect for a stated reason, or is
 * refused ({@link SshKeywords}): a host whose configuration relies on something Fleetroll would not
 * do is refused with the file and line, never connected to half-configured.
 */
public final class SshConfig {

  /** The user's configuration file and the system one, read after it when no file is named. */
  private static final Path SYSTEM_CONFIG = Path.of("/etc/ssh/ssh_config");
  private static final int MAX_INCLUDE_DEPTH = 16;
  private static final int MAX_JUMPS = 8;

  private final List<ConfigFile> files;
  private final Path home;
  private final String localUser;
  private final Map<String, String> env;

  private SshConfig(List<ConfigFile> files, Path home, String localUser, Map<String, String> env) {
    this.files = files;
    this.home = home;
    this.localUser = localUser;
    this.env = env;
  }

  /** A configuration with no file: every host resolves to OpenSSH's defaults. */
  public static SshConfig empty() {
    return new SshConfig(List.of(), userHome(), localUser(), System.getenv());
  }

  /**
   * The configuration the operator chose: {@code explicit} when given, else {@code
   * $FLEETROLL_SSH_CONFIG} (each read alone, as {@code ssh -F}), else {@code ~/.ssh/config} and
   * {@code /etc/ssh/ssh_config}, as {@code ssh} reads them.
   */
  public static SshConfig locate(Path explicit, Map<String, String> env) {
    if (explicit != null) {
      return load(explicit, env);
    }
    String fromEnv = env.get("FLEETROLL_SSH_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return load(Path.of(fromEnv), env);
    }
    Path home = userHome();
    List<ConfigFile> files = new ArrayList<>();
    Path user = home.resolve(".ssh").resolve("config");
    if (Files.isRegularFile(user)) {
      files.add(Parser.file(user, true, true, 0, home));
    }
    if (Files.isRegularFile(SYSTEM_CONFIG)) {
      files.add(Parser.file(SYSTEM_CONFIG, false, false, 0, home));
    }
    return new SshConfig(List.copyOf(files), home, localUser(), env);
  }

  /** The file alone, as {@code ssh -F FILE} reads it. */
  public static SshConfig load(Path file) {
    return load(file, System.getenv());
  }

  private static SshConfig load(Path file, Map<String, String> env) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(file + ": SSH config file not found");
    }
    Path home = userHome();
    return new SshConfig(List.of(Parser.file(file, true, false, 0, home)), home, localUser(), env);
  }

  /** Parses configuration text (for tests), resolving {@code ~} against {@code home}. */
  static SshConfig parse(String text, Path home, String localUser) {
    return parse(text, home, localUser, Map.of());
  }

  static SshConfig parse(String text, Path home, String localUser, Map<String, String> env) {
    return new SshConfig(List.of(Parser.text(text, "<config>", true, 0, home)), home, localUser, env);
  }

  /**
   * Everything needed to connect to {@code destination} ({@code [user@]host}), jump hosts included.
   *
   * @throws InputException naming the file and line of what Fleetroll refuses or cannot parse
   */
  public SshTarget resolve(String destination) {
    return resolve(destination, null, null, null, 0);
  }

  /**
   * Resolves every host (and its jump hosts) before anything is touched: a refused option or a bad
   * line fails the whole command, not host 7 of 10.
   *
   * @throws InputException naming the file and line
   */
  public void checkAll(Collection<String> hosts) {
    for (String host : hosts) {
      resolve(host);
    }
  }

  /** {@code ~/.ssh/known_hosts}: the file {@code ssh-keygen -R} edits when given no {@code -f}. */
  Path defaultKnownHosts() {
    return home.resolve(".ssh").resolve("known_hosts").toAbsolutePath().normalize();
  }

  /** Default identity files OpenSSH tries when the configuration names none. */
  public List<Path> defaultIdentities() {
    return DEFAULT_IDENTITIES.stream().map(f -> home.resolve(".ssh").resolve(f)).toList();
  }

  private static final List<String> DEFAULT_IDENTITIES =
      List.of("id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_xmss", "id_dsa");

  /**
   * @param user, port, jump what the command line of OpenSSH's jump process sets ({@code -l},
   *     {@code -p}, {@code -J}): they win over the configuration
   */
  private SshTarget resolve(String destination, String user, Integer port, String jump, int depth) {
    int at = destination.lastIndexOf('@');
    String hostArg = at >= 0 ? destination.substring(at + 1) : destination;
    if (hostArg.isEmpty()) {
      throw new InputException("'" + destination + "' names no host");
    }
    Resolution r = new Resolution(hostArg, at > 0 && user == null ? destination.substring(0, at) : user, port, jump);
    return r.target(depth);
  }

  // ---------------------------------------------------------------------------------------------
  // Resolving one host

  /** A keyword line that applies to the host being resolved; {@code order} is the walk order. */
  private record Setting(Line line, int order) {
    String value() {
      return line.args().get(0);
    }
  }

  /** Why a host is refused: the earliest line (in walk order) that Fleetroll will not follow. */
  private record Refusal(int order, String message) {}

  private final class Resolution {
    private final String hostArg;
    private final String commandUser;
    private final Integer commandPort;
    private final String commandJump;
    private final Map<String, Setting> first = new HashMap<>();
    private final List<Setting> identityFiles = new ArrayList<>();
    private final List<Setting> certificateFiles = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private String host;
    private String finalHostName;
    private boolean finalPass;
    private boolean wantFinal;
    private int order;

    Resolution(String hostArg, String commandUser, Integer commandPort, String commandJump) {
      this.hostArg = hostArg;
      this.host = hostArg;
      this.commandUser = commandUser;
      this.commandPort = commandPort;
      this.commandJump = commandJump;
    }

    SshTarget target(int depth) {
      walkAll();
      String hostName = expandHostName();
      Setting canonicalize = first.get("canonicalizehostname");
      if (canonicalize != null && !isNo(canonicalize.value())) {
        refuse(canonicalize, "CanonicalizeHostname " + canonicalize.value()
            + " is not supported (host names are used as written); set it to no");
      }
      if (wantFinal) {
        // As ssh does for `Match final`: a second pass that sees the final host name.
        finalPass = true;
        host = hostName;
        finalHostName = hostName;
        walkAll();
      }
      checkEffectiveValues();
      String user = commandUser != null ? commandUser : value("user", localUser);
      int port = commandPort != null ? commandPort : first.containsKey("port") ? parsePort(first.get("port")) : 22;
      String keyAlias = first.containsKey("hostkeyalias") ? first.get("hostkeyalias").value().toLowerCase(Locale.ROOT) : null;
      Tokens tokens = new Tokens(hostName, port, user, keyAlias);
      List<Path> identities = new ArrayList<>();
      for (Setting s : identityFiles) {
        if (!s.value().equalsIgnoreCase("none")) {
          identities.add(path(tokens.expand(s, s.value())));
        }
      }
      if (identityFiles.isEmpty()) {
        identities.addAll(defaultIdentities());
      }
      Setting agent = first.get("identityagent");
      boolean noAgent = agent != null && agent.value().equalsIgnoreCase("none");
      Path agentSocket = agent == null || noAgent || agent.value().equals("SSH_AUTH_SOCK") ? null
          : path(agent.value().startsWith("$") && !agent.value().startsWith("${")
              ? tokens.environment(agent, agent.value().substring(1)) : tokens.expand(agent, agent.value()));
      List<Path> userKnownHosts = files("userknownhostsfile", List.of(home + "/.ssh/known_hosts", home + "/.ssh/known_hosts2"),
          tokens);
      List<Path> globalKnownHosts = files("globalknownhostsfile", List.of("/etc/ssh/ssh_known_hosts",
          "/etc/ssh/ssh_known_hosts2"), null);
      Algorithms algorithms = new Algorithms(algorithms("kexalgorithms", Algorithms.DEFAULT_KEX, Algorithms.ALL_KEX),
          algorithms("hostkeyalgorithms", Algorithms.DEFAULT_HOST_KEYS, Algorithms.ALL_HOST_KEYS),
          algorithms("ciphers", Algorithms.DEFAULT_CIPHERS, Algorithms.ALL_CIPHERS),
          algorithms("macs", Algorithms.DEFAULT_MACS, Algorithms.ALL_MACS));
      String jumpSpec = jumpSpec();
      SshTarget jump = jumpSpec == null ? null : jump(Jump.parse(jumpSpec), hostName, port, user, depth);
      throwRefusal();
      return new SshTarget(hostArg, hostName, port, user, List.copyOf(identities), !identityFiles.isEmpty(),
          flag("identitiesonly"), agentSocket, noAgent, jumpSpec == null ? null : Jump.parse(jumpSpec).display(), jump,
          keyAlias, userKnownHosts, globalKnownHosts, value("stricthostkeychecking", "").equalsIgnoreCase("accept-new"),
          flag("hashknownhosts"), flag("checkhostip"), integer("requiredrsasize", 1024), time("connecttimeout"),
          Optional.ofNullable(time("serveraliveinterval")).orElse(Duration.ZERO), integer("serveralivecountmax", 3),
          algorithms);
    }

    /** The ProxyJump to take: the jump process's -J, else the first ProxyJump/ProxyCommand (none: no jump). */
    private String jumpSpec() {
      if (commandJump != null) {
        return commandJump;
      }
      Setting proxy = first.get("proxy");
      if (proxy == null || !proxy.line().keyword().equals("proxyjump")) {
        return null;
      }
      String value = Parser.jumpValue(proxy.line().rest());
      return isNone(value) ? null : value;
    }

    /** The last jump host, resolved as ssh's jump process resolves it ({@code ssh -l -p -J ... -W}). */
    private SshTarget jump(Jump parsed, String hostName, int port, String user, int depth) {
      Setting proxy = first.get("proxy");
      String where = proxy != null && commandJump == null ? proxy.line().where() + ": " : "";
      int jumpPort = parsed.port() != null ? parsed.port() : 22;
      String jumpUser = parsed.user() != null ? parsed.user() : user;
      if (parsed.host().equals(hostName) && jumpPort == port && jumpUser.equals(user)) {
        throw new InputException(where + "ProxyJump " + parsed.display() + ": jumphost loop via " + parsed.host());
      }
      if (depth >= MAX_JUMPS) {
        throw new InputException(where + "ProxyJump " + parsed.display() + ": more than " + MAX_JUMPS
            + " jump hosts before " + hostArg + " (a loop?)");
      }
      throwRefusal(); // this host's own refusal first
      return SshConfig.this.resolve(parsed.host(), parsed.user(), parsed.port(), parsed.extra(), depth + 1);
    }

    /** UserKnownHostsFile or GlobalKnownHostsFile: the files of the first line, else the defaults; none: no file. */
    private List<Path> files(String keyword, List<String> defaults, Tokens tokens) {
      Setting s = first.get(keyword);
      List<Path> out = new ArrayList<>();
      for (String file : s == null ? defaults : s.line().args()) {
        if (!file.equalsIgnoreCase("none")) {
          // ssh expands tokens in UserKnownHostsFile, not in GlobalKnownHostsFile
          out.add(path(tokens == null || s == null ? file : tokens.expand(s, file)));
        }
      }
      return List.copyOf(out);
    }

    private Duration time(String keyword) {
      Setting s = first.get(keyword);
      return s == null || s.value().equals("none") ? null : Duration.ofSeconds(Parser.time(s.value()));
    }

    private int integer(String keyword, int fallback) {
      Setting s = first.get(keyword);
      return s == null ? fallback : Integer.parseInt(s.value());
    }

    private void walkAll() {
      for (ConfigFile file : files) {
        walk(file, new boolean[] {true}, false);
      }
    }

    /** One file, as {@code read_config_file_depth}: {@code active} is shared with an including file. */
    private void walk(ConfigFile file, boolean[] active, boolean neverMatch) {
      List<Line> lines = file.lines();
      for (int i = 0; i < lines.size(); i++) {
        Line line = lines.get(i);
        switch (line.keyword()) {
          case "host", "match" -> {
            boolean matched = line.keyword().equals("host") ? hostLineMatches(line.args()) : match(line);
            active[0] = !neverMatch && matched;
            if (!active[0] && file.blockEnd()[i] > 0) {
              i = file.blockEnd()[i] - 1; // a fleet-sized config has a block per host: skip the others whole
            }
          }
          case "include" -> {
            boolean outer = active[0];
            for (ConfigFile included : line.included()) {
              walk(included, active, neverMatch || !outer);
              active[0] = outer; // a Match inside an included file does not leak out
            }
          }
          default -> {
            if (SshKeywords.lookup(line.keyword()) == null) {
              if (!ignoredUnknown(line.keyword())) {
                refuse(line, "unknown SSH option '" + line.originalKeyword() + "' (OpenSSH refuses it too)");
              }
            } else if (active[0]) {
              record(line);
            }
          }
        }
      }
    }

    private void record(Line line) {
      Setting s = new Setting(line, order++);
      String keyword = SshKeywords.canonical(line.keyword());
      switch (keyword) {
        case "identityfile" -> {
          if (identityFiles.stream().noneMatch(i -> i.value().equals(s.value()))) {
            identityFiles.add(s);
          }
        }
        case "certificatefile" -> certificateFiles.add(s);
        case "proxyjump", "proxycommand" -> first.putIfAbsent("proxy", s); // one slot: the first of either wins
        case "hostname" -> {
          if (finalHostName == null) {
            first.putIfAbsent(keyword, s);
          }
        }
        default -> first.putIfAbsent(keyword, s);
      }
    }

    /** A Host line: one of its patterns matches and no negated one does (case-sensitive, as ssh). */
    private boolean hostLineMatches(List<String> patterns) {
      boolean matched = false;
      for (String p : patterns) {
        boolean negated = p.startsWith("!");
        if (SshPatterns.matches(host, negated ? p.substring(1) : p)) {
          if (negated) {
            return false;
          }
          matched = true;
        }
      }
      return matched;
    }

    /** A Match line, as {@code match_cfg_line} of OpenSSH 9.2. */
    private boolean match(Line line) {
      String matchHost = finalPass ? host : first.containsKey("hostname") ? expandHostName() : hostArg;
      String remoteUser = commandUser != null ? commandUser : value("user", localUser);
      boolean result = true;
      for (Criterion c : line.criteria()) {
        boolean r;
        switch (c.attribute()) {
          case "all" -> {
            return !c.negate();
          }
          case "canonical", "final" -> {
            if (c.attribute().equals("final")) {
              wantFinal = true;
            }
            r = finalPass;
          }
          case "host" -> r = SshPatterns.hostMatches(matchHost, c.argument());
          case "originalhost" -> r = SshPatterns.hostMatches(hostArg, c.argument());
          case "user" -> r = SshPatterns.matchList(remoteUser, c.argument(), false) == 1;
          case "localuser" -> r = SshPatterns.matchList(localUser, c.argument(), false) == 1;
          default -> {
            if (!result) {
              continue; // as ssh skips an exec once the line cannot match
            }
            refuse(line, "'Match " + c.attribute() + "' is not supported");
            return false;
          }
        }
        if (r == c.negate()) {
          result = false;
        }
      }
      return result;
    }

    private boolean ignoredUnknown(String keyword) {
      Setting ignore = first.get("ignoreunknown");
      return ignore != null && SshPatterns.matchList(keyword, ignore.value().toLowerCase(Locale.ROOT), true) == 1;
    }

    /** HostName with %h (the only token ssh allows there), lower case unless an address. */
    private String expandHostName() {
      if (finalHostName != null) {
        return finalHostName;
      }
      Setting s = first.get("hostname");
      String name = hostArg;
      if (s != null) {
        StringBuilder out = new StringBuilder();
        String v = s.value();
        for (int i = 0; i < v.length(); i++) {
          char c = v.charAt(i);
          if (c != '%') {
            out.append(c);
          } else if (i + 1 < v.length() && v.charAt(i + 1) == 'h') {
            out.append(hostArg);
            i++;
          } else if (i + 1 < v.length() && v.charAt(i + 1) == '%') {
            out.append('%');
            i++;
          } else {
            throw new InputException(s.line().where() + ": HostName " + v + ": only %h and %% may be used");
          }
        }
        name = out.toString();
      }
      return isAddress(name) ? name : name.toLowerCase(Locale.ROOT);
    }

    private void checkEffectiveValues() {
      for (Map.Entry<String, Setting> e : first.entrySet()) {
        Setting s = e.getValue();
        SshKeywords.Keyword k = SshKeywords.lookup(s.line().keyword());
        String v = s.value().toLowerCase(Locale.ROOT);
        String name = s.line().originalKeyword();
        switch (e.getKey()) {
          case "proxy" -> {
            if (s.line().keyword().equals("proxycommand") && !isNone(s.line().rest())) {
              refuse(s, "ProxyCommand is not supported: reach hosts through ProxyJump (one connection per jump host"
                  + " carries them all)");
            }
          }
          case "stricthostkeychecking" -> {
            if (v.equals("no") || v.equals("off") || v.equals("false")) {
              refuse(s, name + " " + s.value() + " would trust any host key: Fleetroll never trusts a changed key;"
                  + " use accept-new (or --accept-new-host-keys)");
            }
          }
          case "pubkeyauthentication" -> {
            if (isNo(v)) {
              refuse(s, name + " " + s.value() + ": Fleetroll authenticates with public keys only");
            }
          }
          case "refuseconnection" -> {
            if (!isNo(v)) {
              refuse(s, name + " " + s.value() + ": the configuration refuses connections to " + hostArg);
            }
          }
          default -> {
            if (k != null && k.handling() == SshKeywords.Handling.REFUSED && !v.equals("none")) {
              refuse(s, name + " is not supported: " + k.reason());
            }
          }
        }
      }
      if (!certificateFiles.isEmpty()) {
        Setting s = certificateFiles.get(0);
        refuse(s, s.line().originalKeyword() + " is not supported: "
            + SshKeywords.lookup("certificatefile").reason());
      }
    }

    private List<String> algorithms(String keyword, List<String> defaults, List<String> all) {
      Setting s = first.get(keyword);
      try {
        return Algorithms.assemble(s == null ? null : s.value(), defaults, all);
      } catch (IllegalArgumentException e) {
        throw new InputException(s.line().where() + ": " + s.line().originalKeyword() + " " + s.value() + ": " + e.getMessage());
      }
    }

    private void refuse(Setting s, String message) {
      refusals.add(new Refusal(s.order(), s.line().where() + ": " + message + " (for " + hostArg + ")"));
    }

    private void refuse(Line line, String message) {
      refusals.add(new Refusal(order++, line.where() + ": " + message + " (for " + hostArg + ")"));
    }

    private void throwRefusal() {
      refusals.stream().min(java.util.Comparator.comparingInt(Refusal::order)).ifPresent(r -> {
        throw new InputException(r.message());
      });
    }

    private String value(String keyword, String fallback) {
      Setting s = first.get(keyword);
      return s == null ? fallback : s.value();
    }

    private boolean flag(String keyword) {
      Setting s = first.get(keyword);
      return s != null && (s.value().equalsIgnoreCase("yes") || s.value().equalsIgnoreCase("true"));
    }

    private int parsePort(Setting s) {
      return Parser.port(s.value(), s.line());
    }

    /** OpenSSH's percent tokens (the set most keywords take), {@code ${VAR}} and {@code ~}. */
    private final class Tokens {
      private final Map<Character, Supplier<String>> values = new HashMap<>();

      Tokens(String hostName, int port, String user, String keyAlias) {
        values.put('%', () -> "%");
        values.put('h', () -> hostName);
        values.put('n', () -> hostArg);
        values.put('p', () -> Integer.toString(port));
        values.put('r', () -> user);
        values.put('u', () -> localUser);
        values.put('d', home::toString);
        values.put('k', () -> keyAlias != null ? keyAlias : hostArg);
        values.put('i', SshConfig::uid);
        values.put('l', SshConfig::localHostName);
        values.put('L', () -> localHostName().split("\\.", 2)[0]);
        values.put('C', () -> sha1Hex(localHostName() + hostName + port + user));
      }

      String expand(Setting source, String value) {
        String v = value;
        if (v.equals("~")) {
          v = home.toString();
        } else if (v.startsWith("~/")) {
          v = home + v.substring(1);
        } else if (v.startsWith("~")) {
          throw new InputException(source.line().where() + ": " + value + ": ~user paths are not supported");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
          char c = v.charAt(i);
          if (c == '%' && i + 1 < v.length()) {
            Supplier<String> token = values.get(v.charAt(++i));
            if (token == null) {
              throw new InputException(source.line().where() + ": " + value + ": unknown token %" + v.charAt(i));
            }
            out.append(token.get());
          } else if (c == '$' && i + 1 < v.length() && v.charAt(i + 1) == '{') {
            int end = v.indexOf('}', i);
            if (end < 0) {
              throw new InputException(source.line().where() + ": " + value + ": unterminated ${");
            }
            out.append(environment(source, v.substring(i + 2, end)));
            i = end;
          } else {
            out.append(c);
          }
        }
        return out.toString();
      }

      String environment(Setting source, String name) {
        String value = env.get(name);
        if (value == null) {
          throw new InputException(source.line().where() + ": environment variable " + name + " is not set");
        }
        return value;
      }
    }
  }

  private Path path(String value) {
    return Path.of(value).toAbsolutePath().normalize();
  }

  private static boolean isNone(String value) {
    return value.strip().equalsIgnoreCase("none");
  }

  private static boolean isNo(String value) {
    return value.equalsIgnoreCase("no") || value.equalsIgnoreCase("false");
  }

  private static boolean isAddress(String name) {
    return name.contains(":") || name.chars().allMatch(c -> Character.isDigit(c) || c == '.');
  }

  private static String sha1Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String localHostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException again) {
        return "localhost";
      }
    }
  }

  private static String uid() {
    try {
      return Files.getAttribute(userHome(), "unix:uid").toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "0";
    }
  }

  private static Path userHome() {
    return Path.of(System.getProperty("user.home"));
  }

  private static String localUser() {
    return System.getProperty("user.name", "root");
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing

  /**
   * One file's lines; an Include line carries the files it names.
   *
   * @param blockEnd for a Host or Match line, the index of the next Host, Match or Include line (or
   *     the end), when nothing in between must be looked at in a block that does not apply (an
   *     unknown keyword must be); otherwise 0
   */
  record ConfigFile(String name, List<Line> lines, int[] blockEnd) {}

  /**
   * One keyword line.
   *
   * @param keyword lower case, as written (aliases are mapped when the value is recorded)
   * @param rest everything after the keyword (ProxyCommand and ProxyJump take it whole)
   */
  record Line(String file, int number, String keyword, String originalKeyword, List<String> args, String rest,
      List<ConfigFile> included, List<Criterion> criteria) {
    String where() {
      return file + ":" + number;
    }
  }

  /** One criterion of a Match line. */
  record Criterion(boolean negate, String attribute, String argument) {}

  /** One hop of a ProxyJump value ({@code [user@]host[:port]} or an ssh:// URI); extra: the hops before it. */
  record Jump(String user, String host, Integer port, String extra) {
    static Jump parse(String spec) {
      int comma = spec.lastIndexOf(',');
      String extra = comma >= 0 ? spec.substring(0, comma) : null;
      String last = comma >= 0 ? spec.substring(comma + 1) : spec;
      if (last.startsWith("ssh://")) {
        last = last.substring("ssh://".length());
        if (last.endsWith("/")) {
          last = last.substring(0, last.length() - 1);
        }
      }
      String user = null;
      int at = last.lastIndexOf('@');
      if (at >= 0) {
        user = last.substring(0, at);
        last = last.substring(at + 1);
      }
      Integer port = null;
      String host = last;
      if (last.startsWith("[")) {
        int close = last.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("unterminated [ in " + spec);
        }
        host = last.substring(1, close);
        if (last.length() > close + 1) {
          if (last.charAt(close + 1) != ':') {
            throw new IllegalArgumentException("bad host " + last);
          }
          port = Integer.parseInt(last.substring(close + 2));
        }
      } else if (last.indexOf(':') >= 0) {
        if (last.indexOf(':') != last.lastIndexOf(':')) {
          throw new IllegalArgumentException("bad host " + last);
        }
        host = last.substring(0, last.indexOf(':'));
        port = Integer.parseInt(last.substring(last.indexOf(':') + 1));
      }
      if (host.isEmpty() || (user != null && user.isEmpty()) || (port != null && (port < 1 || port > 65535))) {
        throw new IllegalArgumentException("bad jump host " + spec);
      }
      return new Jump(user, host, port, extra);
    }

    /** As {@code ssh -G} prints it. */
    String display() {
      boolean numeric = host.contains(":") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
      return (extra == null ? "" : extra + ",") + (user == null ? "" : user + "@") + (numeric ? "[" + host + "]" : host)
          + (port == null ? "" : ":" + port);
    }
  }

  /** Reads config files into lines, checking what OpenSSH checks when it reads them. */
  private static final class Parser {
    private Parser() {}

    static ConfigFile file(Path file, boolean userConfig, boolean checkPermissions, int depth, Path home) {
      if (checkPermissions) {
        checkPermissions(file);
      }
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new InputException(file + ": cannot read SSH config: " + e.getMessage(), e);
      }
      return text(text, file.toString(), userConfig, depth, home);
    }

    /** As ssh: a file others could write may redirect the connection; ssh refuses it ("Bad owner or permissions"). */
    private static void checkPermissions(Path file) {
      try {
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
        String owner = a.owner().getName();
        boolean writableByOthers = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
            || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        if (writableByOthers || !(owner.equals(localUser()) || owner.equals("root"))) {
          throw new InputException(file + ": bad owner or permissions (ssh refuses it too): it must belong to you or"
              + " root and be writable by no one else");
        }
      } catch (IOException | UnsupportedOperationException e) {
        // Not a POSIX file system: nothing to check.
      }
    }

    static ConfigFile text(String text, String name, boolean userConfig, int depth, Path home) {
      if (depth > MAX_INCLUDE_DEPTH) {
        throw new InputException(name + ": Include nested too deeply");
      }
      List<Line> lines = new ArrayList<>();
      String[] raw = text.split("\n", -1);
      for (int i = 0; i < raw.length; i++) {
        Line line = line(raw[i], name, i + 1, userConfig, depth, home);
        if (line != null) {
          lines.add(line);
        }
      }
      int[] blockEnd = new int[lines.size()];
      for (int i = 0; i < lines.size(); i++) {
        if (structural(lines.get(i))) {
          int end = i + 1;
          boolean skippable = true;
          while (end < lines.size() && !structural(lines.get(end))) {
            skippable &= SshKeywords.lookup(lines.get(end).keyword()) != null;
            end++;
          }
          blockEnd[i] = skippable ? end : 0;
        }
      }
      return new ConfigFile(name, List.copyOf(lines), blockEnd);
    }

    private static boolean structural(Line line) {
      return line.keyword().equals("host") || line.keyword().equals("match") || line.keyword().equals("include");
    }

    private static Line line(String raw, String file, int number, boolean userConfig, int depth, Path home) {
      String where = file + ":" + number;
      String s = stripTrailing(raw);
      int i = 0;
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      int start = i;
      while (i < s.length() && " \t\r\n\"=".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String keyword = s.substring(start, i);
      if (keyword.isEmpty() && i >= s.length() || keyword.startsWith("#")) {
        return null;
      }
      if (keyword.isEmpty()) {
        throw new InputException(where + ": no keyword");
      }
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
          i++;
        }
      }
      String rest = s.substring(i);
      if (rest.isEmpty()) {
        throw new InputException(where + ": no argument after keyword \"" + keyword + "\"");
      }
      List<String> args = split(rest, where);
      String lower = keyword.toLowerCase(Locale.ROOT);
      if (args.isEmpty()) {
        throw new InputException(where + ": " + keyword + " needs an argument");
      }
      List<ConfigFile> included = List.of();
      List<Criterion> criteria = List.of();
      switch (SshKeywords.canonical(lower)) {
        case "include" -> included = include(args, where, userConfig, depth, home);
        case "match" -> criteria = criteria(args, where);
        default -> validate(SshKeywords.canonical(lower), keyword, args, rest, where);
      }
      return new Line(file, number, lower, keyword, List.copyOf(args), rest, included, criteria);
    }

    /** {@code argv_split}: whitespace-separated words, quotes, backslash escapes, a # word ends the line. */
    static List<String> split(String s, String where) {
      List<String> out = new ArrayList<>();
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t') {
          i++;
          continue;
        }
        if (c == '#') {
          break;
        }
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (; i < s.length(); i++) {
          c = s.charAt(i);
          if (c == '\\' && i + 1 < s.length()) {
            char n = s.charAt(i + 1);
            if (n == '\'' || n == '"' || n == '\\' || (quote == 0 && n == ' ')) {
              word.append(n);
              i++;
            } else {
              word.append(c);
            }
          } else if (quote == 0 && (c == ' ' || c == '\t')) {
            break;
          } else if (quote == 0 && (c == '"' || c == '\'')) {
            quote = c;
          } else if (quote != 0 && c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
        }
        if (quote != 0) {
          throw new InputException(where + ": invalid quotes");
        }
        out.add(word.toString());
      }
      return out;
    }

    private static List<ConfigFile> include(List<String> args, String where, boolean userConfig, int depth, Path home) {
      List<ConfigFile> out = new ArrayList<>();
      for (String arg : args) {
        if (arg.startsWith("~") && !userConfig) {
          throw new InputException(where + ": bad include path " + arg + " (~ only in a user's configuration)");
        }
        String pattern = arg.startsWith("~/") ? home + arg.substring(1)
            : arg.startsWith("/") ? arg : (userConfig ? home + "/.ssh/" : "/etc/ssh/") + arg;
        for (Path file : glob(pattern)) {
          out.add(file(file, userConfig, true, depth + 1, home));
        }
      }
      return List.copyOf(out);
    }

    /** glob(3) over absolute paths: {@code *}, {@code ?} and {@code [...]} in any component, sorted. */
    private static List<Path> glob(String pattern) {
      Path absolute = Path.of(pattern);
      if (!pattern.matches(".*[*?\\[].*")) {
        return Files.isRegularFile(absolute) ? List.of(absolute) : List.of();
      }
      List<Path> matches = new ArrayList<>();
      matches.add(absolute.getRoot());
      for (Path part : absolute) {
        List<Path> next = new ArrayList<>();
        String name = part.toString();
        for (Path dir : matches) {
          if (!name.matches(".*[*?\\[].*")) {
            Path p = dir.resolve(name);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p)) {
              next.add(p);
            }
            continue;
          }
          try (var stream = Files.newDirectoryStream(dir, name)) {
            stream.forEach(p -> {
              if (!p.getFileName().toString().startsWith(".") || name.startsWith(".")) {
                next.add(p);
              }
            });
          } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // not a directory, or unreadable: no match there
          }
        }
        next.sort(null);
        matches = next;
      }
      return matches.stream().filter(Files::isRegularFile).toList();
    }

    private static final java.util.Set<String> MATCH_ATTRIBUTES = java.util.Set.of("all", "canonical", "final", "host",
        "originalhost", "user", "localuser", "exec", "localnetwork", "tagged", "command", "version", "sessiontype");

    private static List<Criterion> criteria(List<String> args, String where) {
      List<Criterion> out = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String attribute = args.get(i);
        boolean negate = attribute.startsWith("!");
        String name = (negate ? attribute.substring(1) : attribute).toLowerCase(Locale.ROOT);
        if (!MATCH_ATTRIBUTES.contains(name)) {
          throw new InputException(where + ": unsupported Match attribute " + attribute);
        }
        if (name.equals("all")) {
          if (args.size() > 1) {
            throw new InputException(where + ": '" + attribute + "' cannot be combined with other Match attributes");
          }
          out.add(new Criterion(negate, name, null));
        } else if (name.equals("canonical") || name.equals("final")) {
          out.add(new Criterion(negate, name, null));
        } else {
          if (i + 1 >= args.size()) {
            throw new InputException(where + ": missing Match criteria for " + attribute);
          }
          out.add(new Criterion(negate, name, args.get(++i)));
        }
      }
      return List.copyOf(out);
    }

    /** The value checks OpenSSH makes while reading (a bad value fails the whole file, as in ssh). */
    private static void validate(String keyword, String name, List<String> args, String rest, String where) {
      String v = args.get(0);
      String lower = v.toLowerCase(Locale.ROOT);
      switch (keyword) {
        case "port" -> port(v, where);
        case "connecttimeout", "serveraliveinterval" -> {
          if (!v.equals("none")) {
            try {
              time(v);
            } catch (IllegalArgumentException e) {
              throw new InputException(where + ": " + name + " " + v + ": invalid time value");
            }
          }
        }
        case "serveralivecountmax", "requiredrsasize", "connectionattempts" -> {
          if (!v.matches("\\d{1,9}")) {
            throw new InputException(where + ": " + name + " " + v + ": not a number");
          }
        }
        case "identitiesonly", "checkhostip", "hashknownhosts", "batchmode", "refuseconnection" -> oneOf(lower, where,
            name, "yes", "no", "true", "false");
        case "stricthostkeychecking" -> oneOf(lower, where, name, "yes", "no", "true", "false", "ask", "off", "accept-new");
        case "pubkeyauthentication" -> oneOf(lower, where, name, "yes", "no", "true", "false", "unbound", "host-bound");
        case "canonicalizehostname" -> oneOf(lower, where, name, "yes", "no", "true", "false", "always");
        case "userknownhostsfile", "globalknownhostsfile" -> {
          if (args.size() > 1 && args.stream().anyMatch(a -> a.equalsIgnoreCase("none"))) {
            throw new InputException(where + ": " + name + " \"none\" must appear alone");
          }
        }
        case "proxyjump" -> {
          String value = jumpValue(rest);
          if (!isNone(value)) {
            for (String hop : value.split(",", -1)) {
              try {
                Jump.parse(hop);
              } catch (IllegalArgumentException e) {
                throw new InputException(where + ": invalid ProxyJump \"" + value + "\"");
              }
            }
          }
        }
        default -> {
          // Keywords without effect are not checked further.
        }
      }
    }

    private static void oneOf(String value, String where, String name, String... allowed) {
      if (!List.of(allowed).contains(value)) {
        throw new InputException(where + ": " + name + " " + value + ": expected one of " + String.join(", ", allowed));
      }
    }

    /** ProxyJump's value: the rest of the line without a trailing comment. */
    static String jumpValue(String rest) {
      int hash = rest.indexOf('#');
      return (hash >= 0 ? rest.substring(0, hash) : rest).strip();
    }

    static int port(String value, Line line) {
      return port(value, line.where());
    }

    static int port(String value, String where) {
      try {
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw new InputException(where + ": bad port '" + value + "'");
      }
    }

    /** OpenSSH's {@code convtime}: seconds, or a sum such as {@code 1m30s} (s, m, h, d, w). */
    static long time(String value) {
      if (!value.matches("(\\d+[sSmMhHdDwW]?)+")) {
        throw new IllegalArgumentException(value);
      }
      long total = 0;
      var m = java.util.regex.Pattern.compile("(\\d+)([sSmMhHdDwW]?)").matcher(value);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total += n * switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "m" -> 60;
          case "h" -> 3600;
          case "d" -> 86400;
          case "w" -> 604800;
          default -> 1;
        };
      }
      return total;
    }

    private static String stripTrailing(String s) {
      int end = s.length();
      while (end > 0 && " \t\r\n\f".indexOf(s.charAt(end - 1)) >= 0) {
        end--;
      }
      return s.substring(0, end);
    }
  }
}
