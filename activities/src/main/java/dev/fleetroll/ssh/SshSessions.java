package dev.fleetroll.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * SSH connections for the duration of one command or activity: at most one connection per host,
 * opened on first use and reused by later commands to the same host; {@link #close()} ends them all.
 * Thread-safe: many hosts are worked on concurrently.
 */
public final class SshSessions implements AutoCloseable {

  /** Remote output beyond this is dropped (Puppet can be chatty; we never need megabytes of it). */
  private static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

  private final SshConfig config;
  private final SshOptions options;
  private final HostKeyListener listener;
  private final Config sshjConfig = new DefaultConfig();
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<Path, KeyProvider> keys = new ConcurrentHashMap<>();

  private final SshAgent agent;

  public SshSessions(SshConfig config, SshOptions options, HostKeyListener listener) {
    this(config, options, listener, SshAgent.fromEnvironment(System.getenv()));
  }

  /** @param agent the operator's ssh-agent, or null for none */
  public SshSessions(SshConfig config, SshOptions options, HostKeyListener listener, SshAgent agent) {
    this.config = config;
    this.options = options;
    this.listener = listener;
    this.agent = agent;
  }

  public SshOptions options() {
    return options;
  }

  /** Runs {@code command} with the default command timeout and no input. */
  public RemoteResult run(String host, String command) {
    return run(host, command, null, options.commandTimeout());
  }

  /**
   * Runs {@code command} on {@code host} (through the login shell, as {@code ssh host command}
   * does), writing {@code stdin} (may be null) to it and waiting at most {@code timeout}.
   *
   * @throws HostUnreachableException no connection, or the connection dropped mid-command
   * @throws HostKeyException the host key is unknown or changed
   * @throws AuthenticationFailedException every key was refused
   * @throws CommandTimeoutException the command outlived {@code timeout}; its connection is closed
   */
  public RemoteResult run(String host, String command, byte[] stdin, Duration timeout) {
    SSHClient client = client(host);
    long start = System.nanoTime();
    Session opened;
    try {
      opened = client.startSession();
    } catch (IOException e) {
      // A kept connection can have died since (the host rebooted): nothing ran yet, so connect again once.
      forget(host, client);
      client = client(host);
      try {
        opened = client.startSession();
      } catch (IOException again) {
        forget(host, client);
        throw new HostUnreachableException(host, "cannot open a session: " + describe(again), again);
      }
    }
    try (Session session = opened) {
      Session.Command cmd = session.exec(command);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread outReader = Thread.ofVirtual().start(() -> drain(cmd.getInputStream(), out));
      Thread errReader = Thread.ofVirtual().start(() -> drain(cmd.getErrorStream(), err));
      try (OutputStream in = cmd.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
          in.flush();
        }
      }
      try {
        cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ConnectionException e) {
        if (cmd.isOpen()) {
          forget(host, client);
          throw new CommandTimeoutException(host, "command did not finish within " + timeout.toSeconds() + " s");
        }
      }
      if (cmd.isOpen()) {
        forget(host, client);
        throw new CommandTimeoutException(host, "command did not finish within " + timeout.toSeconds() + " s");
      }
      outReader.join(Duration.ofSeconds(5));
      errReader.join(Duration.ofSeconds(5));
      Integer status = cmd.getExitStatus();
      if (status == null) {
        forget(host, client);
        throw new HostUnreachableException(host, "connection closed before the command reported an exit status");
      }
      return new RemoteResult(status, text(out), text(err), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      forget(host, client);
      throw new HostUnreachableException(host, "interrupted", e);
    } catch (HostException e) {
      throw e;
    } catch (IOException e) {
      forget(host, client);
      throw new HostUnreachableException(host, "connection lost: " + describe(e), e);
    }
  }

  /** Closes and forgets the connection to {@code host}, if any (for example before it reboots). */
  public void disconnect(String host) {
    Slot slot = slots.remove(host);
    if (slot != null) {
      slot.close();
    }
  }

  @Override
  public void close() {
    for (String host : List.copyOf(slots.keySet())) {
      disconnect(host);
    }
  }

  private SSHClient client(String host) {
    Slot slot = slots.computeIfAbsent(host, h -> new Slot());
    synchronized (slot) {
      if (slot.client != null && slot.client.isConnected() && slot.client.isAuthenticated()) {
        return slot.client;
      }
      slot.close();
      slot.client = connect(host, config.resolve(host), slot);
      return slot.client;
    }
  }

  private void forget(String host, SSHClient client) {
    Slot slot = slots.get(host);
    if (slot != null) {
      synchronized (slot) {
        if (slot.client == client) {
          slot.close();
        }
      }
    }
  }

  private SSHClient connect(String host, SshTarget target, Slot slot) {
    SSHClient client = new SSHClient(sshjConfig);
    int connectMillis = (int) connectTimeout(target).toMillis();
    client.setConnectTimeout(connectMillis);
    client.setTimeout(connectMillis);
    Verifier verifier = new Verifier(host, target);
    client.addHostKeyVerifier(verifier);
    try {
      if (target.proxyJump() != null) {
        SSHClient jump = jumpClient(host, target.proxyJump(), slot);
        DirectConnection tunnel = jump.newDirectConnection(target.hostName(), target.port());
        client.connectVia(tunnel);
      } else {
        client.connect(target.hostName(), target.port());
      }
      // After the handshake a quiet command (Puppet) may be silent for minutes: no read timeout.
      client.setTimeout(0);
      client.getConnection().getKeepAlive().setKeepAliveInterval(15);
    } catch (TransportException e) {
      closeQuietly(client);
      if (verifier.refusal != null) {
        throw verifier.refusal;
      }
      throw new HostUnreachableException(host, "SSH handshake with " + where(target) + " failed: " + describe(e), e);
    } catch (UnknownHostException e) {
      closeQuietly(client);
      throw new HostUnreachableException(host, "cannot resolve " + target.hostName(), e);
    } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
      closeQuietly(client);
      throw new HostUnreachableException(host, "cannot connect to " + where(target) + ": " + describe(e), e);
    } catch (IOException e) {
      closeQuietly(client);
      if (verifier.refusal != null) {
        throw verifier.refusal;
      }
      throw new HostUnreachableException(host, "cannot connect to " + where(target) + ": " + describe(e), e);
    }
    try {
      List<AuthMethod> methods = authMethods(host, target);
      if (methods.isEmpty()) {
        throw new AuthenticationFailedException(host, "no identity file or ssh-agent key to offer (IdentityFile, SSH_AUTH_SOCK)");
      }
      client.auth(target.user(), methods);
      return client;
    } catch (UserAuthException e) {
      boolean connected = client.isConnected();
      closeQuietly(client);
      throw authFailure(host, target.user(), e, connected);
    } catch (HostException e) {
      closeQuietly(client);
      throw e;
    } catch (IOException e) {
      closeQuietly(client);
      throw new HostUnreachableException(host, "connection lost while authenticating: " + describe(e), e);
    }
  }

  /**
   * What a failed authentication means. sshj reports a connection that died during authentication
   * (a host going down for a reboot, a Mac's reboot after each task) as a {@link UserAuthException}
   * wrapping the transport error: that is an unreachable host, to be retried, not a refused key.
   *
   * @param connected whether the transport was still up after the failure
   */
  static HostException authFailure(String host, String user, UserAuthException e, boolean connected) {
    Throwable lost = null;
    for (Throwable t = e; t != null && lost == null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransportException || t instanceof IOException && !(t instanceof UserAuthException)
          || t instanceof java.util.concurrent.TimeoutException) {
        lost = t;
      }
    }
    if (!connected || lost != null) {
      return new HostUnreachableException(host, "connection lost while authenticating: " + describe(lost != null ? lost : e), e);
    }
    return new AuthenticationFailedException(host, "authentication as " + user + " failed: " + describe(e), e);
  }

  /** Connects to the jump hosts of a ProxyJump chain, each through the one before it. */
  private SSHClient jumpClient(String host, String chain, Slot slot) throws IOException {
    SSHClient previous = null;
    for (String hop : chain.split(",")) {
      String spec = hop.strip();
      String name = spec;
      Integer port = null;
      int colon = spec.lastIndexOf(':');
      if (colon > 0 && !spec.endsWith("]")) {
        port = Integer.parseInt(spec.substring(colon + 1));
        name = spec.substring(0, colon);
      }
      SshTarget resolved = config.resolve(name);
      // A jump host inherits no jump of its own unless its configuration names a different one.
      String ownJump = resolved.proxyJump() != null && !resolved.proxyJump().contains(name) && previous == null
          ? resolved.proxyJump() : null;
      SshTarget target = new SshTarget(resolved.alias(), resolved.hostName(), port != null ? port : resolved.port(),
          resolved.user(), resolved.identityFiles(), resolved.identitiesOnly(), ownJump, resolved.hostKeyAlias(),
          resolved.userKnownHostsFiles(), resolved.globalKnownHostsFiles(), resolved.connectTimeoutSeconds());
      SSHClient jump;
      if (previous == null) {
        jump = connect(host + " (jump host " + name + ")", target, slot);
      } else {
        jump = new SSHClient(sshjConfig);
        jump.addHostKeyVerifier(new Verifier(name, target));
        jump.connectVia(previous.newDirectConnection(target.hostName(), target.port()));
        jump.auth(target.user(), authMethods(name, target));
      }
      slot.jumps.add(jump);
      previous = jump;
    }
    return previous;
  }

  private Duration connectTimeout(SshTarget target) {
    if (target.connectTimeoutSeconds() != null && options.connectTimeout().equals(SshOptions.DEFAULT_CONNECT_TIMEOUT)) {
      return Duration.ofSeconds(target.connectTimeoutSeconds());
    }
    return options.connectTimeout();
  }

  private List<AuthMethod> authMethods(String host, SshTarget target) {
    List<AuthMethod> methods = new ArrayList<>();
    List<Path> files = target.identityFiles().isEmpty() ? config.defaultIdentities() : target.identityFiles();
    for (Path file : files) {
      KeyProvider key = key(host, file, !target.identityFiles().isEmpty());
      if (key != null) {
        methods.add(new AuthPublickey(key));
      }
    }
    // Configured identity files first, then the agent's keys (OpenSSH skips the agent with IdentitiesOnly).
    if (!target.identitiesOnly() && agent != null) {
      methods.addAll(agent.authMethods());
    }
    return methods;
  }

  /** Loads a private key once per command; a named file that cannot be read is an error, a default one is skipped. */
  private KeyProvider key(String host, Path file, boolean named) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return keys.computeIfAbsent(file, f -> {
        try (SSHClient loader = new SSHClient(sshjConfig)) {
          KeyProvider provider = loader.loadKeys(f.toString());
          return new KeyPairWrapper(provider.getPublic(), provider.getPrivate());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      if (named) {
        throw new AuthenticationFailedException(host, "cannot load identity file " + file + ": " + describe(e.getCause()), e);
      }
      return null;
    }
  }

  private static String where(SshTarget target) {
    return target.hostName() + ":" + target.port();
  }

  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private static void drain(InputStream in, ByteArrayOutputStream sink) {
    byte[] buffer = new byte[16384];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (sink.size() < MAX_OUTPUT_BYTES) {
          sink.write(buffer, 0, Math.min(n, MAX_OUTPUT_BYTES - sink.size()));
        }
      }
    } catch (IOException e) {
      // The channel closed under us; what was read so far is what we have.
    }
  }

  private static String text(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      // Closing a broken connection: nothing left to do.
    }
  }

  /** One host's connection and the jump connections it runs through. */
  private static final class Slot {
    SSHClient client;
    final List<SSHClient> jumps = new ArrayList<>();

    void close() {
      if (client != null) {
        closeQuietly(client);
        client = null;
      }
      for (SSHClient jump : jumps.reversed()) {
        closeQuietly(jump);
      }
      jumps.clear();
    }
  }

  /** Checks the host key against known_hosts; remembers why it refused so we can say so. */
  private final class Verifier implements HostKeyVerifier {
    private final String host;
    private final SshTarget target;
    volatile HostKeyException refusal;

    Verifier(String host, SshTarget target) {
      this.host = host;
      this.target = target;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
      List<Path> files = new ArrayList<>(target.userKnownHostsFiles());
      files.addAll(target.globalKnownHostsFiles());
      String name = target.knownHostsName();
      KnownHosts.Check check = KnownHosts.check(files, name, key);
      switch (check.verdict()) {
        case MATCH -> {
          return true;
        }
        case REVOKED -> {
          refusal = new HostKeyException(host, "host key " + check.presented() + " of " + name + " is marked @revoked in known_hosts");
          return false;
        }
        default -> {
          if (options.acceptNewHostKeys() && !target.userKnownHostsFiles().isEmpty()) {
            Path file = target.userKnownHostsFiles().get(0);
            try {
              KnownHosts.accept(file, name, key);
            } catch (IOException e) {
              refusal = new HostKeyException(host, "cannot record host key in " + file + ": " + describe(e));
              return false;
            }
            listener.accepted(host, name, check.presented(), check.known(), file);
            return true;
          }
          refusal = check.verdict() == KnownHosts.Verdict.CHANGED
              ? new HostKeyException(host, "HOST KEY CHANGED for " + name + ": the host presents " + check.presented()
                  + ", known_hosts has " + String.join(", ", check.known())
                  + "; if the host was re-imaged, accept the new key with --accept-new-host-keys")
              : new HostKeyException(host, "host key " + check.presented() + " for " + name + " is not in "
                  + files.stream().filter(Files::exists).map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("any known_hosts file")
                  + "; check it and accept it with --accept-new-host-keys");
          return false;
        }
      }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
      return List.of();
    }
  }
}
