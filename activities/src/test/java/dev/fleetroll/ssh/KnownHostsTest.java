package dev.fleetroll.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    return hosts + " " + net.schmizz.sshj.common.KeyType.fromKey(key.getPublic()) + " "
        + Base64.getEncoder().encodeToString(KnownHosts.blob(key.getPublic()));
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
    KeyPair a = ed25519();
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

  private static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  @Test
  void anotherKeyIsAChangeNamingWhereTheOldOneIs() throws Exception {
    KeyPair old = rsa();
    KeyPair fresh = rsa();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of("# fleet", line("host-a", old), line("host-b", old)));
    KnownHosts.Check check = KnownHosts.check(List.of(file), "host-a", fresh.getPublic());
    assertThat(check.verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
    assertThat(check.known()).containsExactly(new KnownHosts.KnownKey("ssh-rsa", KnownHosts.fingerprint(old.getPublic()), file, 2));
    assertThat(check.presented()).isEqualTo(KnownHosts.fingerprint(fresh.getPublic())).startsWith("SHA256:");
    assertThat(check.known().get(0).describe()).isEqualTo("RSA key " + KnownHosts.fingerprint(old.getPublic()) + " in " + file + ":2");
  }

  @Test
  void aKeyOfAnotherTypeForAKnownHostIsAChange() throws Exception {
    KeyPair known = rsa();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of(line("host-a", known)));
    KeyPair presented = ed25519();
    KnownHosts.Check check = KnownHosts.check(List.of(file), "host-a", presented.getPublic());
    assertThat(check.verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
    assertThat(check.presentedType()).isEqualTo("ssh-ed25519");
    assertThat(check.known()).extracting(KnownHosts.KnownKey::type).containsExactly("ssh-rsa");
    // The key types known for a host are the ones to ask it for first, so a host with both keys shows the known one.
    assertThat(KnownHosts.knownAlgorithms(List.of(file), "host-a")).containsExactly("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
    assertThat(KnownHosts.knownAlgorithms(List.of(file), "host-b")).isEmpty();
  }

  @Test
  void appendingKeepsTheFileItsModeAndItsLinesAndAddsAMissingNewline() throws Exception {
    KeyPair a = ed25519();
    KeyPair b = ed25519();
    Path target = dir.resolve("real_known_hosts");
    Files.writeString(target, line("host-a", a)); // no final newline, as an editor may leave it
    Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path link = dir.resolve("known_hosts");
    Files.createSymbolicLink(link, target);
    Object inode = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

    assertThat(KnownHosts.append(link, "host-b", b.getPublic(), false)).isTrue();
    assertThat(KnownHosts.append(link, "host-b", b.getPublic(), false)).as("already there").isFalse();

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    assertThat(Files.readAllLines(target)).containsExactly(line("host-a", a),
        "host-b ssh-ed25519 " + Base64.getEncoder().encodeToString(KnownHosts.blob(b.getPublic())));
    assertThat(KnownHosts.check(List.of(link), "host-b", b.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
  }

  @Test
  void aHashedLineIsWrittenWhenAskedAndMatchesOnlyItsHost() throws Exception {
    KeyPair a = ed25519();
    Path file = dir.resolve("known_hosts");
    KnownHosts.append(file, "[host-a]:2222", a.getPublic(), true);
    String written = Files.readString(file);
    assertThat(written).startsWith("|1|").doesNotContain("host-a");
    assertThat(KnownHosts.check(List.of(file), "[host-a]:2222", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.MATCH);
    assertThat(KnownHosts.check(List.of(file), "host-a", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.UNKNOWN);
  }

  @Test
  void aFileThatIsNotARegularFileIsNeverWritten() throws Exception {
    Path link = dir.resolve("known_hosts");
    Files.createSymbolicLink(link, Path.of("/dev/null"));
    assertThatThrownBy(() -> KnownHosts.append(link, "host-a", ed25519().getPublic(), false))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("not a regular file");
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/dev/null"));
  }

  @Test
  void aCertificateAuthorityLineIsNoticedButTrustsNothing() throws Exception {
    KeyPair ca = ed25519();
    KeyPair host = ed25519();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of("@cert-authority *.fleet.test ssh-ed25519 " + Base64.getEncoder().encodeToString(KnownHosts.blob(ca.getPublic()))));
    KnownHosts.Check check = KnownHosts.check(List.of(file), "a.fleet.test", host.getPublic());
    assertThat(check.verdict()).isEqualTo(KnownHosts.Verdict.UNKNOWN);
    assertThat(check.certificateAuthority()).isTrue();
    assertThat(KnownHosts.check(List.of(file), "other.test", host.getPublic()).certificateAuthority()).isFalse();
  }

  @Test
  void revokedKeyIsRefused() throws Exception {
    KeyPair a = ed25519();
    Path file = dir.resolve("known_hosts");
    Files.write(file, List.of("@revoked " + line("*", a), line("host-a", a)));
    assertThat(KnownHosts.check(List.of(file), "host-a", a.getPublic()).verdict()).isEqualTo(KnownHosts.Verdict.REVOKED);
  }

  @Test
  void aFileChangedByAnotherProgramIsReadAgain() throws Exception {
    KeyPair a = ed25519();
    KeyPair b = ed25519();
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
    KeyPair a = ed25519();
    KeyPair b = ed25519();
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
