package dev.fleetroll.ssh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The algorithms one connection may negotiate, in preference order, as OpenSSH 9.2 computes them
 * from Ciphers, MACs, KexAlgorithms and HostKeyAlgorithms ({@code kex_assemble_names}): a plain list
 * replaces the default, {@code +list} appends to it, {@code -patterns} removes from it, {@code ^list}
 * puts names first; names may be patterns over what OpenSSH supports. Unset, each is OpenSSH's
 * default, so Fleetroll never offers an algorithm that {@code ssh} would not (sshj alone would offer
 * 3des-cbc, hmac-md5, diffie-hellman-group1-sha1, ssh-dss...). What sshj cannot do is dropped when
 * a connection is set up ({@link SshSessions}).
 */
record Algorithms(List<String> kex, List<String> hostKeys, List<String> ciphers, List<String> macs) {

  // OpenSSH 9.2p1 (Debian), from myproposal.h and `ssh -Q cipher|mac|kex|HostKeyAlgorithms`.
  static final List<String> DEFAULT_KEX = List.of("sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
      "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
      "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
      "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256");
  static final List<String> ALL_KEX = List.of("diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1",
      "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
      "diffie-hellman-group-exchange-sha1", "diffie-hellman-group-exchange-sha256", "ecdh-sha2-nistp256",
      "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "curve25519-sha256", "curve25519-sha256@libssh.org",
      "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com");
  static final List<String> DEFAULT_HOST_KEYS = List.of("ssh-ed25519-cert-v01@openssh.com",
      "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
      "ecdsa-sha2-nistp521-cert-v01@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com",
      "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com",
      "rsa-sha2-256-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
      "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512",
      "rsa-sha2-256");
  static final List<String> ALL_HOST_KEYS = List.of("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com",
      "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256",
      "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
      "ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
      "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "ssh-dss",
      "ssh-dss-cert-v01@openssh.com", "ssh-rsa", "ssh-rsa-cert-v01@openssh.com", "rsa-sha2-256",
      "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-512-cert-v01@openssh.com");
  static final List<String> DEFAULT_CIPHERS = List.of("chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr",
      "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
  static final List<String> ALL_CIPHERS = List.of("3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc", "aes128-ctr",
      "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com");
  static final List<String> DEFAULT_MACS = List.of("umac-64-etm@openssh.com", "umac-128-etm@openssh.com",
      "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com",
      "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1");
  static final List<String> ALL_MACS = List.of("hmac-sha1", "hmac-sha1-96", "hmac-sha2-256", "hmac-sha2-512",
      "hmac-md5", "hmac-md5-96", "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha1-etm@openssh.com",
      "hmac-sha1-96-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
      "hmac-md5-etm@openssh.com", "hmac-md5-96-etm@openssh.com", "umac-64-etm@openssh.com", "umac-128-etm@openssh.com");

  static final Algorithms DEFAULTS = new Algorithms(DEFAULT_KEX, DEFAULT_HOST_KEYS, DEFAULT_CIPHERS, DEFAULT_MACS);

  /**
   * One list from its configured value ({@code null}: the default).
   *
   * @throws IllegalArgumentException when the value names nothing OpenSSH supports, or negates
   */
  static List<String> assemble(String value, List<String> defaults, List<String> all) {
    if (value == null || value.isEmpty()) {
      return defaults;
    }
    String list;
    switch (value.charAt(0)) {
      case '+' -> list = String.join(",", concat(defaults, names(value.substring(1))));
      case '-' -> {
        List<String> kept = new ArrayList<>();
        for (String name : defaults) {
          if (SshPatterns.matchList(name, value.substring(1), false) != 1) {
            kept.add(name);
          }
        }
        return List.copyOf(kept);
      }
      case '^' -> list = String.join(",", concat(names(value.substring(1)), defaults));
      default -> list = value;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String pattern : list.split(",")) {
      if (pattern.startsWith("!")) {
        throw new IllegalArgumentException("negated algorithm names are not allowed");
      }
      for (String name : all) {
        if (SshPatterns.matches(name, pattern)) {
          out.add(name);
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("names no algorithm OpenSSH supports");
    }
    return List.copyOf(out);
  }

  private static List<String> names(String list) {
    return List.of(list.split(","));
  }

  /** {@code kex_names_cat}: a, then each name of b not already there. */
  private static List<String> concat(List<String> a, List<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
