package dev.fleetroll.cli;

import dev.fleetroll.HostName;
import dev.fleetroll.InputException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code HOST|LIST...} arguments of host commands: host names (commas separate several) and
 * host-list files in the MVP's format — one host per line, blank lines and {@code #} comments ignored,
 * {@code # fqdn: <suffix>} gives the file's short names their domain. An argument ending in {@code
 * .list}, containing a {@code /}, or naming an existing file is a list. Every name becomes its
 * {@link HostName canonical} one; invalid names, a host named twice (in any spelling) and empty lists
 * are input errors naming the file and line.
 */
public final class HostArguments {

  private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#.*$");

  private HostArguments() {}

  /** The hosts, canonical, in the order given, each once; short names get {@code $FLEETROLL_DOMAIN}. */
  public static List<String> parse(List<String> arguments) {
    return parse(arguments, HostName.fleetDomain(System.getenv()));
  }

  public static List<String> parse(List<String> arguments, String domain) {
    if (arguments == null || arguments.isEmpty()) {
      throw new InputException("no hosts given: name hosts or a host-list file");
    }
    Hosts hosts = new Hosts(domain);
    for (String argument : arguments) {
      if (isList(argument)) {
        hosts.list(Path.of(argument));
      } else {
        for (String host : argument.split(",")) {
          String h = host.strip();
          if (!h.isEmpty()) {
            hosts.name(h, "argument '" + h + "'");
          }
        }
      }
    }
    return hosts.get();
  }

  static boolean isList(String argument) {
    try {
      return argument.endsWith(".list") || argument.contains("/") || Files.isRegularFile(Path.of(argument));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Hosts gathered from names and host lists: canonical, each once, every problem with where it is. */
  public static final class Hosts {
    private final String domain;
    private final Map<String, String> seen = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** @param domain the fleet's domain, for short names outside a list with a {@code # fqdn:} */
    public Hosts(String domain) {
      this.domain = domain;
    }

    /** A host as typed; {@code where} names it in messages (a file and line, or the argument). */
    public void name(String typed, String where) {
      add(typed, domain, where);
    }

    /** Every host of a host-list file. */
    public void list(Path file) {
      list(file, null);
    }

    /** Every host of a host-list file; {@code where} (or null) names the reference to the file. */
    public void list(Path file, String where) {
      String at = (where == null ? "" : where + ": ") + file;
      List<String> lines;
      try {
        if (!Files.isRegularFile(file)) {
          problems.add(at + ": host list not found");
          return;
        }
        lines = Files.readAllLines(file);
      } catch (MalformedInputException e) {
        problems.add(at + ": host list is not UTF-8 text");
        return;
      } catch (IOException e) {
        problems.add(at + ": cannot read host list: " + e.getMessage());
        return;
      }
      String suffix = null;
      int suffixLine = 0;
      Map<Integer, String> entries = new LinkedHashMap<>(); // line number -> host as written
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (i == 0 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // an editor's byte-order mark: not part of the first host
        }
        line = line.strip();
        if (line.startsWith("#")) {
          String directive = line.substring(1).strip();
          if (directive.toLowerCase(Locale.ROOT).startsWith("fqdn:")) {
            String s = directive.substring(5).strip();
            String problem = HostName.domainProblem(s);
            String domainOf = s.startsWith(".") ? s.substring(1) : s;
            if (problem != null) {
              problems.add(file + ":" + (i + 1) + ": # fqdn: " + problem);
            } else if (suffix != null && !suffix.equalsIgnoreCase(domainOf)) {
              problems.add(file + ":" + (i + 1) + ": # fqdn: " + domainOf + " contradicts line " + suffixLine + " ("
                  + suffix + "): which domain would the short names get?");
            } else if (suffix == null) {
              suffix = domainOf.toLowerCase(Locale.ROOT);
              suffixLine = i + 1;
            }
          }
          continue;
        }
        line = INLINE_COMMENT.matcher(line).replaceFirst("");
        if (!line.isEmpty()) {
          entries.put(i + 1, line);
        }
      }
      if (entries.isEmpty()) {
        problems.add(at + ": host list has no hosts");
        return;
      }
      String listDomain = suffix != null ? suffix : domain; // the directive holds for lines above it too, as in the MVP
      entries.forEach((line, name) -> add(name, listDomain, file + ":" + line));
    }

    private void add(String typed, String domain, String where) {
      String host;
      try {
        host = HostName.canonical(typed, domain);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
        return;
      }
      String first = seen.putIfAbsent(host, where);
      if (first != null) {
        problems.add(where + ": " + (typed.equals(host) ? "" : "'" + typed + "' is ") + host + ", already named at " + first
            + " (a host is named once)");
      }
    }

    /** The hosts, in order; every problem at once as an {@link InputException}. */
    public List<String> get() {
      Map<String, String> placed = placed();
      if (placed.isEmpty()) {
        throw new InputException("no hosts given");
      }
      return List.copyOf(placed.keySet());
    }

    /** The hosts so far, in order, each with where it was named; every problem at once as an {@link InputException}. */
    public Map<String, String> placed() {
      if (!problems.isEmpty()) {
        throw new InputException(String.join("; ", problems));
      }
      return Collections.unmodifiableMap(new LinkedHashMap<>(seen));
    }

    /** How many different hosts were named so far. */
    public int count() {
      return seen.size();
    }
  }
}
