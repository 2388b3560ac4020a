package dev.fleetroll.cli;

import dev.fleetroll.InputException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code HOST|LIST...} arguments of host commands: host names ({@code user@} allowed, commas
 * separate several) and host-list files in the MVP's format — one host per line, blank lines and
 * {@code #} comments ignored, {@code # fqdn: <suffix>} appends a suffix to every dotless host of the
 * file. An argument ending in {@code .list}, containing a {@code /}, or naming an existing file is a
 * list. Invalid names, duplicates and empty lists are input errors naming the file and line.
 */
public final class HostArguments {

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private HostArguments() {}

  /** The hosts, in the order given, each once. */
  public static List<String> parse(List<String> arguments) {
    if (arguments == null || arguments.isEmpty()) {
      throw new InputException("no hosts given: name hosts or a host-list file");
    }
    Map<String, String> seen = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String argument : arguments) {
      if (isList(argument)) {
        readList(Path.of(argument), seen, problems);
      } else {
        for (String host : argument.split(",")) {
          String h = host.strip();
          if (h.isEmpty()) {
            continue;
          }
          add(h, "argument '" + h + "'", seen, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InputException(String.join("; ", problems));
    }
    if (seen.isEmpty()) {
      throw new InputException("no hosts given");
    }
    return List.copyOf(seen.keySet());
  }

  static boolean isList(String argument) {
    return argument.endsWith(".list") || argument.contains("/") || Files.isRegularFile(Path.of(argument));
  }

  private static void readList(Path file, Map<String, String> seen, List<String> problems) {
    List<String> lines;
    try {
      if (!Files.isRegularFile(file)) {
        problems.add(file + ": host list not found");
        return;
      }
      lines = Files.readAllLines(file);
    } catch (MalformedInputException e) {
      problems.add(file + ": host list is not UTF-8 text");
      return;
    } catch (IOException e) {
      problems.add(file + ": cannot read host list: " + e.getMessage());
      return;
    }
    String suffix = null;
    List<String[]> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("#")) {
        String directive = line.substring(1).strip();
        if (directive.toLowerCase(java.util.Locale.ROOT).startsWith("fqdn:")) {
          String s = directive.substring(5).strip();
          suffix = s.startsWith(".") ? s.substring(1) : s;
        }
        continue;
      }
      int comment = line.indexOf(" #");
      if (comment >= 0) {
        line = line.substring(0, comment).strip();
      }
      if (line.isEmpty()) {
        continue;
      }
      entries.add(new String[] {line, Integer.toString(i + 1)});
    }
    if (entries.isEmpty()) {
      problems.add(file + ": host list has no hosts");
      return;
    }
    for (String[] entry : entries) {
      String host = entry[0];
      if (!valid(host)) {
        problems.add(file + ":" + entry[1] + ": '" + host + "' is not a valid host name");
        continue;
      }
      if (suffix != null && !host.contains(".") && !host.contains("@") && !host.contains(" ")) {
        host = host + "." + suffix;
      } else if (suffix != null && host.contains("@") && !host.substring(host.indexOf('@')).contains(".")) {
        host = host + "." + suffix;
      }
      add(host, file + ":" + entry[1], seen, problems);
    }
  }

  private static void add(String host, String where, Map<String, String> seen, List<String> problems) {
    if (!valid(host)) {
      problems.add(where + ": '" + host + "' is not a valid host name");
      return;
    }
    String key = host.toLowerCase(java.util.Locale.ROOT);
    for (Map.Entry<String, String> e : seen.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        problems.add(where + ": duplicate host " + host + " (already at " + e.getValue() + ")");
        return;
      }
    }
    seen.put(host, where);
  }

  /** A DNS name, IPv4 or [IPv6] address, optionally with {@code user@}. */
  public static boolean valid(String host) {
    String h = host;
    int at = h.lastIndexOf('@');
    if (at >= 0) {
      if (at == 0 || !USER.matcher(h.substring(0, at)).matches()) {
        return false;
      }
      h = h.substring(at + 1);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      return h.substring(1, h.length() - 1).matches("[0-9A-Fa-f:.]+");
    }
    if (IPV4.matcher(h).matches()) {
      for (String part : h.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    if (h.isEmpty() || h.length() > 253 || h.endsWith(".")) {
      return false;
    }
    for (String label : h.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
