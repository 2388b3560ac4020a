package dev.fleetroll.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Checks the key a host presents against known_hosts, as OpenSSH's {@code check_host_key} does with
 * StrictHostKeyChecking yes or accept-new, but stricter where OpenSSH is lenient: a known host
 * presenting any other key, of its known type or another, is a changed host and is refused (with
 * both fingerprints and the {@code ssh-keygen -R} line to run once the operator has checked); an
 * unknown key is recorded only when accept-new applies, appended as ssh appends it, and reported to
 * the {@link HostKeyListener} for the audit log. Remembers why it refused so the caller can say so.
 */
final class HostKeyCheck implements HostKeyVerifier {
  private final String host;
  private final SshTarget target;
  private final boolean acceptNew;
  private final HostKeyListener listener;
  private final Supplier<InetAddress> address;
  private final Path defaultKnownHosts;
  volatile HostKeyException refusal;

  /**
   * @param host the host as the operator named it, for messages
   * @param acceptNew record an unknown key (accept-new in the configuration, or --accept-new-host-keys)
   * @param address the address connected to, for CheckHostIP (null through a jump host, as ssh has none)
   * @param defaultKnownHosts {@code ~/.ssh/known_hosts}, the file {@code ssh-keygen -R} edits by default
   */
  HostKeyCheck(String host, SshTarget target, boolean acceptNew, HostKeyListener listener, Supplier<InetAddress> address,
      Path defaultKnownHosts) {
    this.host = host;
    this.target = target;
    this.acceptNew = acceptNew;
    this.listener = listener;
    this.address = address;
    this.defaultKnownHosts = defaultKnownHosts;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    String name = target.knownHostsName();
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < target.requiredRsaSize()) {
      return refuse("the host's RSA key has " + rsa.getModulus().bitLength() + " bits, below RequiredRSASize "
          + target.requiredRsaSize());
    }
    KnownHosts.Check check = KnownHosts.check(files(), name, key);
    String presented = KnownHosts.displayType(check.presentedType()) + " key " + check.presented();
    return switch (check.verdict()) {
      case MATCH -> addressMatches(key);
      case REVOKED -> refuse("the host presents " + presented + ", which known_hosts marks @revoked for " + name);
      case CHANGED -> refuse(changed(name, presented, check.known()));
      case UNKNOWN -> {
        if (check.certificateAuthority()) {
          yield refuse("known_hosts trusts a certificate authority for " + name + ", and Fleetroll checks plain host"
              + " keys only: add the host's own key (" + presented + ") to known_hosts once you have checked it");
        }
        if (!acceptNew) {
          yield refuse("the host presents " + presented + ", and " + name + " is not in " + describe(files())
              + "; check the key, then accept it with --accept-new-host-keys (or StrictHostKeyChecking accept-new)");
        }
        yield record(name, key, check);
      }
    };
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return KnownHosts.knownAlgorithms(files(), target.knownHostsName());
  }

  private boolean record(String name, PublicKey key, KnownHosts.Check check) {
    if (target.userKnownHostsFiles().isEmpty()) {
      return refuse("the host presents " + check.presented() + " but UserKnownHostsFile is none: there is nowhere to"
          + " record it");
    }
    Path file = target.userKnownHostsFiles().get(0);
    try {
      Path sshDir = defaultKnownHosts.getParent();
      if (file.getParent().equals(sshDir) && !Files.isDirectory(sshDir)) {
        // As ssh: ~/.ssh is created (private) for the user's own known_hosts; no other directory is.
        Files.createDirectories(sshDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (KnownHosts.append(file, name, key, target.hashKnownHosts())) {
        listener.accepted(host, name, check.presentedType(), check.presented(), file);
      }
      return true;
    } catch (IOException e) {
      return refuse("cannot record the new key " + check.presented() + " in " + file + ": " + SshSessions.describe(e));
    }
  }

  /** CheckHostIP: the key known for the address must not differ either (ssh skips loopback and jumps). */
  private boolean addressMatches(PublicKey key) {
    InetAddress ip = target.checkHostIp() && address != null ? address.get() : null;
    if (ip == null || ip.isLoopbackAddress() || ip.getHostAddress().equals(target.hostName())) {
      return true;
    }
    String ipName = target.port() == 22 ? ip.getHostAddress() : "[" + ip.getHostAddress() + "]:" + target.port();
    KnownHosts.Check check = KnownHosts.check(files(), ipName, key);
    if (check.verdict() == KnownHosts.Verdict.CHANGED || check.verdict() == KnownHosts.Verdict.REVOKED) {
      return refuse("the host key for " + target.knownHostsName() + " differs from the key known for its address "
          + ipName + " (" + check.known().stream().map(KnownHosts.KnownKey::describe).reduce((a, b) -> a + ", " + b)
          .orElse("revoked") + "); CheckHostIP is on");
    }
    return true;
  }

  /** One line: the host, both fingerprints, where the old key is, and how to clear it once checked. */
  private String changed(String name, String presented, List<KnownHosts.KnownKey> known) {
    List<String> commands = new ArrayList<>();
    for (KnownHosts.KnownKey k : known) {
      String command = "ssh-keygen -R " + shellWord(name)
          + (k.file().equals(defaultKnownHosts) ? "" : " -f " + shellWord(k.file().toString()));
      if (!commands.contains(command)) {
        commands.add(command);
      }
    }
    return "HOST KEY CHANGED for " + name + ": the host presents " + presented + ", known_hosts has "
        + String.join(", ", known.stream().map(KnownHosts.KnownKey::describe).toList())
        + ". If the host was re-imaged, check the new key, then run '" + String.join("' and '", commands)
        + "' and connect again with --accept-new-host-keys";
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>(target.userKnownHostsFiles());
    files.addAll(target.globalKnownHostsFiles());
    return files;
  }

  private static String describe(List<Path> files) {
    List<String> existing = files.stream().filter(Files::exists).map(Path::toString).toList();
    return existing.isEmpty() ? "any known_hosts file (" + files.stream().map(Path::toString).toList() + ")"
        : String.join(", ", existing);
  }

  private static String shellWord(String s) {
    return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private boolean refuse(String message) {
    refusal = new HostKeyException(host, message);
    return false;
  }
}
