package dev.fleetroll.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.fleetroll.cli.rollout.PlanFile;
import dev.fleetroll.rollout.plan.StagePick;
import dev.fleetroll.server.Repository;
import dev.fleetroll.sim.Fleet;
import dev.fleetroll.sim.SimHost;
import dev.fleetroll.sim.junit.SimulatedFleet;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/operating.md stays true: every command in its {@code sh} blocks is checked. {@code fleetroll}
 * commands are parsed by the CLI's own model (a command or option that does not exist, a missing value,
 * fails); {@code ssh-keyscan} and {@code ssh-keygen} run as written, in a sandbox home, against a simulated
 * host; the system administration commands (users, files under /opt and /etc, systemd) would change this
 * machine, so they are checked for their shell syntax and that their program exists. The plan and the
 * ssh_config it shows are loaded by our own parsers.
 */
@SimulatedFleet(linux = 1, mac = 0)
class OperatingDocTest {
  private static final Path DOC = Repository.locate(Map.of()).root().resolve("docs/operating.md");
  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
  /** Programs that change the machine they run on: checked, not run. */
  private static final List<String> SYSTEM = List.of("tar", "ln", "useradd", "install", "systemctl", "journalctl",
      "sudo", "export");

  @TempDir Path sandbox;

  @Test
  void everyCommandIsOneThatExistsAndTheSshOnesDoWhatTheDocSays(Fleet fleet) throws Exception {
    SimHost host = fleet.hosts().getFirst();
    Files.createDirectories(sandbox.resolve(".ssh"));
    Files.writeString(sandbox.resolve("hosts.list"), host.address() + "\n"); // the doc's list, resolvable here
    List<String> checked = new ArrayList<>();
    for (String line : commandLines(blocks("sh"))) {
      List<String> words = words(line);
      String program = words.getFirst();
      if (program.equals("fleetroll") || program.endsWith("/fleetroll")) {
        List<String> args = arguments(words);
        assertThatCode(() -> Fleetroll.commandLine().parseArgs(args.toArray(String[]::new))).as(line)
            .doesNotThrowAnyException();
      } else if (program.endsWith("/fleetroll-worker")) {
        assertThat(arguments(words)).as(line).hasSize(2).first().isEqualTo("--env-file");
      } else if (program.equals("ssh-keyscan") || program.equals("ssh-keygen")) {
        sshCommand(line, host);
      } else {
        assertThat(SYSTEM).as("a command the doc check knows: " + line).contains(program);
        assertThat(bash("bash -n -c " + quote(line) + " && command -v " + program).exit()).as(line).isZero();
      }
      checked.add(program);
    }
    assertThat(checked).contains("fleetroll", "ssh-keyscan", "ssh-keygen", "systemctl");
  }

  @Test
  void thePlanOfTheFirstRunLoads() throws IOException {
    String plan = blocks("yaml").stream().filter(b -> b.startsWith("name:")).findFirst().orElseThrow();
    Path file = Files.writeString(sandbox.resolve("first-host.yaml"), plan);
    Path example = Repository.locate(Map.of()).root().resolve("examples/overrides/fix-talos-audio.override");
    Files.copy(example, sandbox.resolve("fix-talos-audio.override"));
    PlanFile loaded = PlanFile.load(file);
    assertThat(loaded.targets()).containsExactly("t-linux64-ms-238.test.releng.mdc1.mozilla.com");
    assertThat(loaded.plan().stages().canary()).isEqualTo(StagePick.count(1));
  }

  @Test
  void theJumpHostConfigSendsHostsThroughTheBastion() throws IOException {
    String config = blocks("text").stream().filter(b -> b.contains("ProxyJump")).findFirst().orElseThrow();
    SshTarget host = SshConfig.load(Files.writeString(sandbox.resolve("ssh_config"), config))
        .resolve("t-linux64-ms-238.test.releng.mdc1.mozilla.com");
    assertThat(host.proxyJump()).isEqualTo("relops@bastion.releng.mdc1.mozilla.com");
    assertThat(host.user()).isEqualTo("relops");
    // the bastion, resolved as ssh's jump process resolves it, is reached directly (no jumphost loop)
    assertThat(host.jump().hostName()).isEqualTo("bastion.releng.mdc1.mozilla.com");
    assertThat(host.jump().proxyJump()).isNull();
    assertThat(host.jump().user()).isEqualTo("relops");
  }

  /**
   * Runs the doc's line with {@code ~} as the sandbox. ssh-keyscan fills known_hosts from hosts.list;
   * ssh-keygen -R drops the named host's key (planted first, as a re-imaged host's old key) and no other.
   */
  private void sshCommand(String line, SimHost host) throws Exception {
    Path knownHosts = sandbox.resolve(".ssh/known_hosts");
    String renamed = null;
    if (line.startsWith("ssh-keygen -R ")) {
      renamed = words(line).get(2);
      String key = Files.readString(knownHosts).lines().filter(l -> l.startsWith(host.address() + " ")).findFirst()
          .orElseThrow();
      Files.writeString(knownHosts, key.replace(host.address(), renamed) + "\n", java.nio.file.StandardOpenOption.APPEND);
    }
    Result run = bash(line);
    assertThat(run.exit()).as(line + ": " + run.err()).isZero();
    List<String> entries = Files.readString(knownHosts).lines().toList();
    assertThat(entries).as(line).anyMatch(l -> l.matches(Pattern.quote(host.address()) + " ssh-ed25519 AAAA\\S+"));
    if (renamed != null) {
      String name = renamed;
      assertThat(entries).as(line).noneMatch(l -> l.startsWith(name + " "));
    }
  }

  private record Result(int exit, String out, String err) {}

  private Result bash(String line) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(sandbox.toFile());
    builder.environment().put("HOME", sandbox.toString());
    Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(line).isTrue();
    return new Result(p.exitValue(), out, err);
  }

  private static List<String> blocks(String language) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = FENCE.matcher(Files.readString(DOC));
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    assertThat(out).as("```" + language + " blocks in " + DOC).isNotEmpty();
    return out;
  }

  /** One line per command: continuations joined, comments and blank lines dropped. */
  private static List<String> commandLines(List<String> blocks) {
    List<String> lines = new ArrayList<>();
    for (String block : blocks) {
      for (String line : block.replace("\\\n", " ").split("\n")) {
        String command = line.replaceFirst("(^|\\s)#.*$", "").strip();
        if (!command.isEmpty()) {
          lines.add(command);
        }
      }
    }
    return lines;
  }

  /** The arguments of a command, without its redirections. */
  private static List<String> arguments(List<String> words) {
    List<String> args = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      if (words.get(i).matches("[<>]>?")) {
        i++;
      } else {
        args.add(words.get(i));
      }
    }
    return args;
  }

  /** Shell words: blanks separate them, single and double quotes group them. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return words;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
