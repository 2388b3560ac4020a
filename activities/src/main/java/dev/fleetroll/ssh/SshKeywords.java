package dev.fleetroll.ssh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Fleetroll does with each ssh_config keyword (OpenSSH 10's list, plus Apple's UseKeychain):
 * nothing is silently ignored. {@code docs/ssh.md} lists the same table, with the reasons.
 */
final class SshKeywords {
  private SshKeywords() {}

  enum Handling {
    /** Used as OpenSSH uses it (some values are refused; see {@code SshConfig}). */
    HONOURED,
    /** Accepted and without effect on what Fleetroll does, for the reason given. */
    NO_EFFECT,
    /** A host whose configuration sets it is refused, naming the file and line. */
    REFUSED
  }

  record Keyword(String name, Handling handling, String reason) {}

  /** By lower-case keyword; aliases point to their keyword's entry. */
  private static final Map<String, Keyword> KEYWORDS = new LinkedHashMap<>();
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("identityfile2", "identityfile"), Map.entry("keepalive", "tcpkeepalive"),
      Map.entry("dsaauthentication", "pubkeyauthentication"),
      Map.entry("challengeresponseauthentication", "kbdinteractiveauthentication"),
      Map.entry("skeyauthentication", "kbdinteractiveauthentication"),
      Map.entry("tisauthentication", "kbdinteractiveauthentication"),
      Map.entry("hostbasedkeytypes", "hostbasedacceptedalgorithms"),
      Map.entry("pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms"), Map.entry("smartcarddevice", "pkcs11provider"));

  private static void honoured(String reason, String... names) {
    add(Handling.HONOURED, reason, names);
  }

  private static void noEffect(String reason, String... names) {
    add(Handling.NO_EFFECT, reason, names);
  }

  private static void refused(String reason, String... names) {
    add(Handling.REFUSED, reason, names);
  }

  private static void add(Handling handling, String reason, String... names) {
    for (String name : names) {
      KEYWORDS.put(name.toLowerCase(java.util.Locale.ROOT), new Keyword(name, handling, reason));
    }
  }

  static {
    honoured("as OpenSSH", "Host", "Match", "Include", "HostName", "Port", "User", "IdentityFile", "IdentitiesOnly",
        "IdentityAgent", "HostKeyAlias", "UserKnownHostsFile", "GlobalKnownHostsFile", "HashKnownHosts",
        "CheckHostIP", "ConnectTimeout", "ServerAliveInterval", "ServerAliveCountMax", "Ciphers", "MACs",
        "KexAlgorithms", "HostKeyAlgorithms", "RequiredRSASize", "IgnoreUnknown");
    honoured("one authenticated connection per jump host carries the tunnels to every host behind it", "ProxyJump");
    honoured("'none' only; a command is refused (use ProxyJump)", "ProxyCommand");
    honoured("yes and ask refuse an unknown key, accept-new records it (audited); no/off are refused: a changed key"
        + " is never trusted", "StrictHostKeyChecking");
    honoured("Fleetroll authenticates with public keys only: 'no' is refused", "PubkeyAuthentication");
    honoured("'no' only: canonicalization is refused", "CanonicalizeHostname");
    honoured("'yes' refuses the host, as OpenSSH does", "RefuseConnection");

    refused("user certificates are not supported: Fleetroll logs in with plain keys", "CertificateFile");
    refused("known hosts come only from known_hosts files", "KnownHostsCommand");
    refused("PKCS#11 keys are not loaded: add them to ssh-agent (ssh-add -s) instead", "PKCS11Provider");
    refused("key revocation lists are not read (use @revoked lines in known_hosts)",
        "RevokedHostKeys");
    refused("Fleetroll does not bind to a local address or interface", "BindAddress", "BindInterface");

    noEffect("only with canonicalization, which is refused", "CanonicalDomains", "CanonicalizeFallbackLocal",
        "CanonicalizeMaxDots", "CanonicalizePermittedCNAMEs");
    noEffect("Fleetroll never prompts", "BatchMode", "NumberOfPasswordPrompts", "EscapeChar",
        "EnableEscapeCommandline", "ObscureKeystrokeTiming", "VisualHostKey");
    noEffect("Fleetroll authenticates with public keys only (identity files and ssh-agent)", "PasswordAuthentication",
        "KbdInteractiveAuthentication", "KbdInteractiveDevices", "GSSAPIAuthentication", "GSSAPIDelegateCredentials",
        "HostbasedAuthentication", "HostbasedAcceptedAlgorithms", "EnableSSHKeysign", "PreferredAuthentications",
        "SecurityKeyProvider");
    noEffect("the signature algorithm follows the key (RSA keys sign with rsa-sha2-256 or -512)",
        "PubkeyAcceptedAlgorithms");
    noEffect("host certificates are not used: hosts are checked by their plain keys", "CASignatureAlgorithms");
    noEffect("the operator's ssh-agent and key files are only read", "AddKeysToAgent", "UseKeychain");
    noEffect("Fleetroll forwards nothing", "ForwardAgent", "ForwardX11", "ForwardX11Trusted", "ForwardX11Timeout",
        "XAuthLocation", "LocalForward", "RemoteForward", "DynamicForward", "GatewayPorts", "ExitOnForwardFailure",
        "ClearAllForwardings", "PermitRemoteOpen", "StreamLocalBindMask", "StreamLocalBindUnlink", "Tunnel",
        "TunnelDevice");
    noEffect("Fleetroll runs its own commands, without a terminal, and no local command", "RemoteCommand", "RequestTTY",
        "SessionType", "StdinNull", "ForkAfterAuthentication", "LocalCommand", "PermitLocalCommand", "SendEnv", "SetEnv");
    noEffect("Fleetroll keeps its own connections: one per host, one per jump host", "ControlMaster", "ControlPath",
        "ControlPersist", "ConnectionAttempts", "ChannelTimeout", "Tag");
    noEffect("logging and warnings of the ssh client", "LogLevel", "LogVerbose", "SyslogFacility", "WarnWeakCrypto");
    noEffect("Fleetroll's SSH client names itself (sshj)", "VersionAddendum");
    noEffect("transport tuning", "Compression", "TCPKeepAlive", "IPQoS", "RekeyLimit", "AddressFamily");
    noEffect("fingerprints are always shown as SHA256, as OpenSSH shows them by default", "FingerprintHash");
    noEffect("host keys come only from known_hosts: nothing is learnt from DNS or from the host", "VerifyHostKeyDNS",
        "UpdateHostKeys", "NoHostAuthenticationForLocalhost");
    noEffect("only with a ProxyCommand, which is refused", "ProxyUseFdpass");
    noEffect("ignored by OpenSSH too (deprecated or unsupported)", "Protocol", "Cipher", "FallBackToRsh",
        "GlobalKnownHostsFile2", "RhostsAuthentication", "UserKnownHostsFile2", "UseRoaming", "UseRsh",
        "UsePrivilegedPort", "AFSTokenPassing", "KerberosAuthentication", "KerberosTGTPassing", "RSAAuthentication",
        "RhostsRSAAuthentication", "CompressionLevel");
  }

  /** The keyword's entry, or null when neither OpenSSH nor Fleetroll knows it. */
  static Keyword lookup(String lowerCase) {
    return KEYWORDS.get(ALIASES.getOrDefault(lowerCase, lowerCase));
  }

  /** The canonical lower-case name of a keyword or alias. */
  static String canonical(String lowerCase) {
    return ALIASES.getOrDefault(lowerCase, lowerCase);
  }

  static Map<String, Keyword> all() {
    return java.util.Collections.unmodifiableMap(KEYWORDS);
  }
}
