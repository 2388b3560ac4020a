package dev.fleetroll.sim.host;

import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.SimHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a new host's state directory: the upper layers of its overlays (what makes this host
 * different from the machine: its login user, host key, role, Puppet wrapper, vault, shims), its
 * {@code /tmp}, its control directory shared with the simulator, and its boot files. Everything is
 * written here, never to the machine's own directories.
 */
public final class HostImage {
  /** Overlaid directories: everything a host, a shim or an operator may write. */
  static final List<String> OVERLAID = List.of("etc", "root", "opt", "usr", "home", "var", "srv");

  private static final String RESOURCES = "/dev/fleetroll/sim/host/";
  private static final List<String> MAC_SHIMS = List.of("uname", "stat", "sysctl", "base64", "date", "sw_vers");
  /** GNU tools a Mac does not have. */
  private static final List<String> MAC_ABSENT =
      List.of("sha256sum", "sha1sum", "sha224sum", "sha384sum", "sha512sum", "md5sum");

  private HostImage() {}

  /**
   * @param onlyFromUid when not null, the host accepts SSH only from connections the bastion's sshd
   *     opens (the bastion's login user has this uid): see {@code sim-from-bastion}
   * @param bastion the host is the fleet's bastion: stock sshd settings, and no boot services
   */
  static void create(HostPaths paths, SimHost host, String user, int uid, String clientPublicKey,
      Path fleetDir, Integer onlyFromUid, boolean bastion) throws IOException {
    Path upper = paths.upper();
    for (String d : OVERLAID) {
      Files.createDirectories(upper.resolve(d));
      copyOwnerAndMode(Path.of("/" + d), upper.resolve(d));
      Files.createDirectories(paths.dir().resolve("work").resolve(d));
    }
    Files.createDirectories(paths.tmp());
    Files.setPosixFilePermissions(paths.tmp(), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setAttribute(paths.tmp(), "unix:mode", 01777);
    Files.createDirectories(paths.ctl());
    Files.createDirectories(paths.boot());

    Os os = host.os();
    boolean mac = os == Os.MAC;
    String home = "/home/" + user;

    // Accounts: the machine's, plus the login user; on a Mac root lives in /var/root and gid 0 is wheel.
    List<String> passwd = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
      passwd.add(mac && line.startsWith("root:") ? "root:x:0:0:System Administrator:/var/root:/bin/bash" : line);
    }
    passwd.add("%s:x:%d:%d:RelOps operator:%s:/bin/bash".formatted(user, uid, uid, home));
    write(upper, "etc/passwd", String.join("\n", passwd) + "\n", "rw-r--r--");
    List<String> group = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/etc/group"))) {
      group.add(mac && line.startsWith("root:") ? "wheel:x:0:root" : line);
    }
    group.add("%s:x:%d:".formatted(user, uid));
    write(upper, "etc/group", String.join("\n", group) + "\n", "rw-r--r--");
    // Password field '*': no password login, but not "locked" (sshd refuses locked accounts).
    String shadow = Files.readString(Path.of("/etc/shadow")) + user + ":*:20000:0:99999:7:::\n";
    write(upper, "etc/shadow", shadow, "rw-r-----");
    copyOwnerAndMode(Path.of("/etc/shadow"), upper.resolve("etc/shadow"));

    String uts = mac ? host.name() : host.shortName();
    write(upper, "etc/hostname", uts + "\n", "rw-r--r--");
    write(upper, "etc/hosts", Files.readString(Path.of("/etc/hosts")).stripTrailing()
        + "\n" + host.address() + "\t" + host.name() + " " + host.shortName() + "\n", "rw-r--r--");

    Path hostKey = upper.resolve("etc/ssh/ssh_host_ed25519_key");
    Files.createDirectories(hostKey.getParent());
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@" + host.shortName(),
        "-f", hostKey.toString()));
    String sshd = resource(bastion ? "sshd_config.bastion" : "sshd_config");
    if (onlyFromUid != null) {
      // sshd takes the first value of a keyword: the stock AuthorizedKeysFile line must go.
      sshd = sshd.replaceAll("(?m)^AuthorizedKeysFile .*\n", "") + """
          # Only the bastion may log in: the fleet key is authorized only on connections its sshd opens.
          AuthorizedKeysFile none
          AuthorizedKeysCommand /run/sim-fleet/bin/sim-from-bastion %d %%h
          AuthorizedKeysCommandUser root
          """.formatted(onlyFromUid);
    }
    write(upper, "etc/ssh/sshd_config", sshd, "rw-r--r--");

    write(upper, "etc/puppet_role", host.role() + "\n", "rw-r--r--");
    write(upper, "etc/puppet/lib/puppet_state_functions.sh", resource("puppet_state_functions.sh"), "rw-r--r--");
    Files.createDirectories(upper.resolve(os.overridePath().substring(1)).getParent());
    write(upper, os.vaultPath().substring(1), """
        # hiera secrets for %s (simulated)
        github:
          pat: "sim-not-a-real-token-%s"
          pat_user: "relops-bot"
        generic_worker:
          access_token: "sim-worker-token-%s"
        """.formatted(host.role(), host.shortName(), host.shortName()), "rw-r-----");
    if (mac) {
      Files.setAttribute(upper.resolve("var/root"), "unix:mode", 0750);
    }
    write(upper, "etc/generic-worker.config", """
        {
          "provisionerId": "%s",
          "workerType": "%s",
          "workerGroup": "%s",
          "workerId": "%s"
        }
        """.formatted(host.provisionerId(), host.workerType(), host.workerGroup(), host.workerId()), "rw-r--r--");

    String runPuppet = resource("run-puppet.sh")
        .replace("@OS_NAME@", mac ? "macOS" : "Linux")
        .replace("@DONE_NOTE@", mac ? "the worker cycle" : "/tmp/puppet_run_done")
        .replace("@OVERRIDE@", os.overridePath())
        .replace("@VAULT@", os.vaultPath())
        .replace("@METADATA@", os.metadataPath())
        .replace("@ENVIRONMENTS@", osEnvironments(os))
        .replace("@CHECKOUT@", mac ? "ronin_puppet" : "code")
        .replace("@OS@", os.id())
        .replace("@DEFAULT_WORKER_TYPE@", host.workerType())
        .replace("@WORKER_GROUP@", host.workerGroup())
        .replace("@WORKER_ID@", host.workerId())
        .replace("@ON_SUCCESS@", mac ? ":" : "touch /tmp/puppet_run_done");
    write(upper, "usr/local/bin/run-puppet.sh", runPuppet, "rwxr-xr-x");
    for (String name : List.of("reboot", "shutdown", "halt", "poweroff")) {
      write(upper, "usr/sbin/" + name, resource("power"), "rwxr-xr-x");
    }
    if (mac) {
      write(upper, "usr/local/bin/worker-runner.sh", resource("worker-runner.sh"), "rwxr-xr-x");
      for (String shim : MAC_SHIMS) {
        write(upper, "usr/local/bin/" + shim, resource("mac/" + shim), "rwxr-xr-x");
      }
      // Overlay whiteouts (0/0 character devices) hide the machine's GNU tools inside the Mac.
      List<String> mknod = new ArrayList<>();
      for (String tool : MAC_ABSENT) {
        mknod.add("mknod '" + upper.resolve("usr/bin/" + tool) + "' c 0 0");
      }
      Files.createDirectories(upper.resolve("usr/bin"));
      copyOwnerAndMode(Path.of("/usr/bin"), upper.resolve("usr/bin"));
      Commands.run(List.of("sh", "-c", String.join(" && ", mknod)));
    } else {
      write(upper, "usr/local/bin/systemctl", resource("systemctl"), "rwxr-xr-x");
    }

    Path ssh = upper.resolve("home/" + user + "/.ssh");
    Files.createDirectories(ssh);
    Files.writeString(ssh.resolve("authorized_keys"), clientPublicKey.strip() + "\n");
    Files.setPosixFilePermissions(ssh.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(ssh.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path p : List.of(ssh.getParent(), ssh, ssh.resolve("authorized_keys"))) {
      Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    Files.writeString(paths.boot().resolve("host.conf"), """
        SIM_OS=%s
        SIM_UTS_NAME=%s
        SIM_ADDRESS=%s
        SIM_FLEET_DIR=%s
        """.formatted(bastion ? "bastion" : os.id(), uts, host.address(), fleetDir));
    write(paths.boot(), "init.sh", resource("init.sh"), "rwxr-xr-x");
  }

  /** The fleet-wide helper scripts, bound read-only into every host at {@code /run/sim-fleet/bin}. */
  public static void writeShared(Path sharedDir) throws IOException {
    write(sharedDir, "bin/sim-apply", resource("sim-apply"), "rwxr-xr-x");
    write(sharedDir, "bin/sim-from-bastion", resource("sim-from-bastion"), "rwxr-xr-x");
  }

  /**
   * Creates every host's state directory, a few at a time (ssh-keygen dominates).
   *
   * @param onlyFromUid the bastion login user's uid when the fleet has a bastion, else null
   */
  public static java.util.Map<SimHost, HostPaths> createAll(List<SimHost> hosts, Path hostsDir, String user, int uid,
      String clientPublicKey, Path fleetDir, Integer onlyFromUid) throws IOException {
    java.util.Map<SimHost, HostPaths> result = new java.util.concurrent.ConcurrentHashMap<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
      for (SimHost host : hosts) {
        jobs.add(pool.submit(() -> {
          HostPaths paths = new HostPaths(hostsDir.resolve(host.name()));
          create(paths, host, user, uid, clientPublicKey, fleetDir, onlyFromUid, false);
          result.put(host, paths);
          return null;
        }));
      }
      for (var job : jobs) {
        job.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    return result;
  }

  /** The bastion's state directory: a Linux host image whose sshd keeps stock settings and that runs nothing else. */
  public static HostPaths createBastion(SimHost host, Path hostsDir, String user, int uid, String clientPublicKey,
      Path fleetDir) throws IOException {
    HostPaths paths = new HostPaths(hostsDir.resolve(host.name()));
    create(paths, host, user, uid, clientPublicKey, fleetDir, null, true);
    return paths;
  }

  /**
   * Gives a host new host keys, as a re-image would: the old ones are deleted, a new key of {@code
   * type} (ed25519, ecdsa or rsa) is generated and sshd_config names it. Takes effect when sshd
   * starts next.
   */
  public static void newHostKey(HostPaths paths, String shortName, String type) throws IOException {
    Path ssh = paths.upper().resolve("etc/ssh");
    try (var old = Files.newDirectoryStream(ssh, "ssh_host_*")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }
    // A name never used before: the host's overlay may still cache the old file under the old name
    // (this writes its upper layer directly, under the mount). sshd_config is rewritten in place.
    Path key = ssh.resolve("ssh_host_" + type + "_key_" + System.nanoTime());
    Commands.run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "root@" + shortName, "-f", key.toString()));
    Path config = ssh.resolve("sshd_config");
    Files.writeString(config, Files.readString(config).replaceAll("(?m)^HostKey .*$", "HostKey /etc/ssh/" + key.getFileName()));
  }

  /** The host's public host key line ({@code type base64 comment}). */
  public static String publicHostKey(HostPaths paths) throws IOException {
    try (var keys = Files.newDirectoryStream(paths.upper().resolve("etc/ssh"), "ssh_host_*.pub")) {
      for (Path p : keys) {
        return Files.readString(p).strip();
      }
    }
    throw new IOException("no host key in " + paths.upper().resolve("etc/ssh"));
  }

  /** Uids (and gids) for login users that the machine does not use. */
  public static int[] freeUids(int count) throws IOException {
    int[] out = new int[count];
    java.util.Set<Integer> used = usedIds();
    int uid = 4242;
    for (int i = 0; i < count; i++) {
      while (used.contains(uid)) {
        uid++;
      }
      out[i] = uid++;
    }
    return out;
  }

  private static java.util.Set<Integer> usedIds() throws IOException {
    java.util.Set<Integer> used = new java.util.HashSet<>();
    for (String file : List.of("/etc/passwd", "/etc/group")) {
      for (String line : Files.readAllLines(Path.of(file))) {
        String[] f = line.split(":");
        if (f.length > 2) {
          try {
            used.add(Integer.parseInt(f[2]));
          } catch (NumberFormatException ignored) {
            // not an entry
          }
        }
      }
    }
    return used;
  }

  private static String osEnvironments(Os os) {
    return os == Os.MAC ? "/opt/puppet_environments" : "/etc/puppet/environments";
  }

  static String resource(String name) {
    try (InputStream in = HostImage.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path root, String relative, String content, String mode) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }

  /** Upper-layer directories hide the lower ones' owner and mode; keep the machine's. */
  private static void copyOwnerAndMode(Path lower, Path upper) throws IOException {
    if (Files.exists(lower, LinkOption.NOFOLLOW_LINKS) && Files.exists(upper, LinkOption.NOFOLLOW_LINKS)) {
      Files.setAttribute(upper, "unix:mode",
          (Integer) Files.getAttribute(lower, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
      Files.setAttribute(upper, "unix:uid", Files.getAttribute(lower, "unix:uid", LinkOption.NOFOLLOW_LINKS));
      Files.setAttribute(upper, "unix:gid", Files.getAttribute(lower, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
  }
}
