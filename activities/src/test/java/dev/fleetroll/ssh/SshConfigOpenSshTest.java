package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetroll.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resolves every configuration of {@code src/test/resources/ssh-g} with our code and with the real
 * OpenSSH client ({@code ssh -G}) and compares what each would do: user, host, port, identity files
 * and agent, jump hosts (each resolved again with {@code ssh -G -l -p -J}, as ssh's own jump process
 * does), known_hosts files and names, host key checking, timeouts, keepalives and algorithms. A host
 * marked {@code # refuse: HOST LINE KEYWORD} must be refused by us naming the file, the line and the
 * keyword. Each file lists its hosts in {@code # resolve:} and {@code # refuse:} lines.
 */
class SshConfigOpenSshTest {
  private static final Path HOME = Path.of(System.getProperty("user.home"));
  private static final List<String> CONFIGS = List.of("patterns.conf", "include.conf", "match.conf", "knownhosts.conf",
      "options.conf", "jump.conf", "refused.conf", "unknown.conf", "matchexec.conf", "relops.conf");

  @TempDir static Path dir;

  static Stream<String> configs() {
    return CONFIGS.stream();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void resolvesEveryHostAsSshDoes(String name) throws Exception {
    assumeTrue(sshAvailable(), "the OpenSSH client (ssh) is not installed");
    Path file = copy(name);
    for (String destination : marked(file, "# resolve:")) {
      SshTarget ours = SshConfig.load(file).resolve(destination);
      Map<String, List<String>> theirs = sshG(file, destination, List.of());
      compare(file, destination, ours, theirs);
    }
    for (String refusal : marked(file, "# refuse:")) {
      String[] f = refusal.split(" ", 3);
      try {
        SshConfig.load(file).resolve(f[0]);
        fail(name + ": " + f[0] + " should be refused at line " + f[1]);
      } catch (InputException e) {
        assertThat(e.getMessage()).as(name + ": " + f[0]).startsWith(file + ":" + f[1] + ": ").contains(f[2]);
      }
    }
  }

  private void compare(Path file, String destination, SshTarget ours, Map<String, List<String>> theirs) throws Exception {
    String what = file.getFileName() + " " + destination + ": ";
    assertThat(ours.user()).as(what + "user").isEqualTo(one(theirs, "user"));
    assertThat(ours.hostName()).as(what + "hostname").isEqualTo(one(theirs, "hostname"));
    assertThat(Integer.toString(ours.port())).as(what + "port").isEqualTo(one(theirs, "port"));
    List<String> identities = new ArrayList<>();
    for (String i : theirs.getOrDefault("identityfile", List.of())) {
      if (!i.equalsIgnoreCase("none")) {
        identities.add(expand(i, theirs, destination));
      }
    }
    assertThat(ours.identityFiles().stream().map(Path::toString).toList()).as(what + "identityfile").isEqualTo(identities);
    assertThat(yes(ours.identitiesOnly())).as(what + "identitiesonly").isEqualTo(one(theirs, "identitiesonly"));
    String agent = one(theirs, "identityagent");
    if (agent == null || agent.equals("SSH_AUTH_SOCK")) {
      assertThat(ours.identityAgent()).as(what + "identityagent").isNull();
      assertThat(ours.noAgent()).isFalse();
    } else if (agent.equals("none")) {
      assertThat(ours.noAgent()).as(what + "identityagent none").isTrue();
    } else {
      assertThat(ours.identityAgent()).as(what + "identityagent").isEqualTo(Path.of(agent));
    }
    assertThat(ours.hostKeyAlias()).as(what + "hostkeyalias").isEqualTo(one(theirs, "hostkeyalias"));
    assertThat(ours.userKnownHostsFiles().stream().map(Path::toString).toList()).as(what + "userknownhostsfile")
        .isEqualTo(absolute(words(theirs, "userknownhostsfile")));
    assertThat(ours.globalKnownHostsFiles().stream().map(Path::toString).toList()).as(what + "globalknownhostsfile")
        .isEqualTo(absolute(words(theirs, "globalknownhostsfile")));
    assertThat(ours.acceptNewHostKeys()).as(what + "stricthostkeychecking " + one(theirs, "stricthostkeychecking"))
        .isEqualTo("accept-new".equals(one(theirs, "stricthostkeychecking")));
    assertThat(yes(ours.hashKnownHosts())).as(what + "hashknownhosts").isEqualTo(one(theirs, "hashknownhosts"));
    assertThat(yes(ours.checkHostIp())).as(what + "checkhostip").isEqualTo(one(theirs, "checkhostip"));
    assertThat(ours.connectTimeout() == null ? "none" : Long.toString(ours.connectTimeout().toSeconds()))
        .as(what + "connecttimeout").isEqualTo(one(theirs, "connecttimeout"));
    assertThat(Long.toString(ours.serverAliveInterval().toSeconds())).as(what + "serveraliveinterval")
        .isEqualTo(one(theirs, "serveraliveinterval"));
    assertThat(Integer.toString(ours.serverAliveCountMax())).as(what + "serveralivecountmax")
        .isEqualTo(one(theirs, "serveralivecountmax"));
    assertThat(Integer.toString(ours.requiredRsaSize())).as(what + "requiredrsasize").isEqualTo(one(theirs, "requiredrsasize"));
    assertThat(String.join(",", ours.algorithms().ciphers())).as(what + "ciphers").isEqualTo(one(theirs, "ciphers"));
    assertThat(String.join(",", ours.algorithms().macs())).as(what + "macs").isEqualTo(one(theirs, "macs"));
    assertThat(String.join(",", ours.algorithms().kex())).as(what + "kexalgorithms").isEqualTo(one(theirs, "kexalgorithms"));
    assertThat(String.join(",", ours.algorithms().hostKeys())).as(what + "hostkeyalgorithms")
        .isEqualTo(one(theirs, "hostkeyalgorithms"));
    assertThat(one(theirs, "proxycommand")).as(what + "proxycommand (we refuse any)").isNull();
    assertThat(ours.proxyJump()).as(what + "proxyjump").isEqualTo(one(theirs, "proxyjump"));
    if (ours.jump() != null) {
      // As ssh does for a jump: ssh [-l user] [-p port] [-J earlier,hops] -W %h:%p jumphost, with the same file.
      SshConfig.Jump jump = SshConfig.Jump.parse(ours.proxyJump());
      List<String> options = new ArrayList<>();
      if (jump.user() != null) {
        options.addAll(List.of("-l", jump.user()));
      }
      if (jump.port() != null) {
        options.addAll(List.of("-p", jump.port().toString()));
      }
      if (jump.extra() != null) {
        options.addAll(List.of("-J", jump.extra()));
      }
      compare(file, jump.host() + " (the jump to " + destination + ")", ours.jump(), sshG(file, jump.host(), options));
    }
  }

  /** What ssh -G leaves unexpanded in IdentityFile: ~ and the tokens our configurations use. */
  private static String expand(String value, Map<String, List<String>> g, String destination) {
    String host = destination.substring(destination.lastIndexOf('@') + 1);
    String v = value.startsWith("~/") ? HOME + value.substring(1) : value;
    v = v.replace("%d", HOME.toString()).replace("%u", System.getProperty("user.name")).replace("%h", one(g, "hostname"))
        .replace("%r", one(g, "user")).replace("%p", one(g, "port")).replace("%n", host);
    return Path.of(v).toAbsolutePath().normalize().toString();
  }

  private static List<String> absolute(List<String> files) {
    return files.stream().map(f -> Path.of(f).toAbsolutePath().normalize().toString()).toList();
  }

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }

  private static String one(Map<String, List<String>> g, String key) {
    List<String> v = g.get(key);
    return v == null ? null : v.get(0);
  }

  private static List<String> words(Map<String, List<String>> g, String key) {
    String v = one(g, key);
    return v == null || v.equals("none") ? List.of() : List.of(v.split(" "));
  }

  /** {@code ssh -G}: one "keyword value" line per option; keywords that repeat (identityfile) accumulate. */
  private static Map<String, List<String>> sshG(Path file, String destination, List<String> options) throws Exception {
    List<String> command = new ArrayList<>(List.of("ssh", "-G", "-F", file.toString()));
    command.addAll(options);
    command.add(destination);
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        values.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
      }
    }
    return values;
  }

  private static List<String> marked(Path file, String marker) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(marker)) {
        String rest = line.substring(marker.length()).strip();
        if (marker.equals("# refuse:")) {
          out.add(rest);
        } else {
          out.addAll(List.of(rest.split("\\s+")));
        }
      }
    }
    return out;
  }

  /** The configuration in a temporary directory, with @DIR@ (absolute Include paths) filled in. */
  private static Path copy(String name) throws IOException {
    Path target = dir.resolve(name);
    if (!Files.exists(target)) {
      for (String f : List.of("include.d/00-first.conf", "include.d/10-second.conf", "include.d/top-level.conf")) {
        Path p = dir.resolve(f);
        Files.createDirectories(p.getParent());
        Files.writeString(p, resource(f));
      }
      Files.writeString(target, resource(name).replace("@DIR@", dir.toString()));
    }
    return target;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SshConfigOpenSshTest.class.getResourceAsStream("/ssh-g/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static boolean sshAvailable() {
    try {
      return new ProcessBuilder("ssh", "-V").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
