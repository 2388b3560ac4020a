package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
  @TempDir Path dir;

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static String line(String hosts, KeyPair key) {
    return hosts + " ssh-rsa " + Base64.getEncoder().encodeToString(KnownHosts.blob(key.getPublic()));
  }

  private static String hashed(String host) throws Exception {
    byte[] salt = new byte[20];
    new java.security.SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
    return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash);
  }

  @Test
  void plainHashedPatternAndPortEntriesMatch() throws Exception {
    KeyPair a = rsa();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of("# comment", line("host-a,10.0.0.1", a), line(hashed("hashed-host"), a),
        line("*.fleet.test,!bad.fleet.test", a), line("[127.0.1.2]:2222", a)));
    assertThat(KnownHosts.check(List.of(file), "host-a", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
    assertThat(KnownHosts.check(List.of(file), "hashed-host", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
    assertThat(KnownHosts.check(List.of(file), "x.fleet.test", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
    assertThat(KnownHosts.check(List.of(file), "bad.fleet.test", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.UNKNOWN);
    assertThat(KnownHosts.check(List.of(file), "[127.0.1.2]:2222", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
    assertThat(KnownHosts.check(List.of(file), "127.0.1.2", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.UNKNOWN);
  }

  @Test
  void anotherKeyIsAChangeAndAcceptingReplacesIt() throws Exception {
    KeyPair old = rsa();
    KeyPair fresh = rsa();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of(line("host-a", old), line("host-b", old)));
    KnownHosts.Check check = KnownHosts.check(List.of(file), "host-a", fresh.getPublic());
    assertThat(check.verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
    assertThat(check.known()).containsExactly(KnownHosts.fingerprint(old.getPublic()));
    assertThat(check.presented()).startsWith("SHA256:");

    KnownHosts.accept(file, "host-a", fresh.getPublic());
    assertThat(KnownHosts.check(List.of(file), "host-a", fresh.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
    assertThat(KnownHosts.check(List.of(file), "host-a", old.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
    assertThat(KnownHosts.check(List.of(file), "host-b", old.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
  }

  @Test
  void revokedKeyIsRefused() throws Exception {
    KeyPair a = rsa();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of("@revoked " + line("*", a), line("host-a", a)));
    assertThat(KnownHosts.check(List.of(file), "host-a", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.REVOKED);
  }

  @Test
  void aFileChangedByAnotherProgramIsReadAgain() throws Exception {
    KeyPair a = rsa();
    KeyPair b = rsa();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of(line("Host-A.Fleet.Test", a)));
    assertThat(KnownHosts.check(List.of(file), "host-a.fleet.test", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);

    // As `ssh-keygen -R` and a re-add would leave it while a worker keeps running.
    Files.write(file, List.of("# replaced", line("host-a.fleet.test", b)));
    assertThat(KnownHosts.check(List.of(file), "host-a.fleet.test", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
    assertThat(KnownHosts.check(List.of(file), "host-a.fleet.test", b.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
  }

  @Test
  void aFileReplacedWithinOneTimestampTickIsReadAgain() throws Exception {
    KeyPair a = rsa();
    KeyPair b = rsa();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of(line("host-a.fleet.test", a)));
    assertThat(KnownHosts.check(List.of(file), "host-a.fleet.test", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);

    // Same size and modification time, new file put in place by rename (as ssh-keygen does).
    Path replacement = dir.resolve("known_hosts.new");
    Files.write(replacement, List.of(line("host-a.fleet.test", b)));
    assertThat(Files.size(replacement)).isEqualTo(Files.size(file));
    Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(file));
    Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertThat(KnownHosts.check(List.of(file), "host-a.fleet.test", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
  }
}
