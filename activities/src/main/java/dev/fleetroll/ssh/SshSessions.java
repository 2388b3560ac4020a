package dev.fleetroll.ssh;

import dev.fleetroll.InputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.ChannelInputStream;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
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

  /** Jump connections keep alive every 15 s when ServerAliveInterval is unset: they are long-lived and shared. */
  private static final Duration JUMP_KEEPALIVE = Duration.ofSeconds(15);
  /** sshj's own default for key re-exchange and channel requests, once connected. */
  private static final int AFTER_CONNECT_TIMEOUT_MILLIS = 30_000;
  /** Ends tunnels whose handshake outlives the connect timeout (one daemon thread for the JVM). */
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("fleetroll-ssh-watchdog").daemon().factory());

  private final SshConfig config;
  private final SshOptions options;
  private final HostKeyListener listener;
  private final Map<Algorithms, Config> sshjConfigs = new ConcurrentHashMap<>();
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<Path, KeyProvider> keys = new ConcurrentHashMap<>();
  private final Map<Path, SshAgent> agents = new ConcurrentHashMap<>();
  private final JumpHosts jumps = new JumpHosts(this::connectJump);
  private final SshAgent agent;

  public SshSessions(SshConfig config, SshOptions options, HostKeyListener listener) {
    this(config, options, listener, SshAgent.fromEnvironment(System.getenv()));
  }

  /** @param agent the operator's ssh-agent, or null for none (IdentityAgent in the configuration wins) */
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

  /** {@link SshConfig#checkAll}: every host resolved before any is touched. */
  public void checkConfig(Collection<String> hosts) {
    config.checkAll(hosts);
  }

  @Override
  public void close() {
    for (String host : List.copyOf(slots.keySet())) {
      disconnect(host);
    }
    jumps.close();
  }

  private SSHClient client(String host) {
    Slot slot = slots.computeIfAbsent(host, h -> new Slot());
    synchronized (slot) {
      if (slot.client != null && slot.client.isConnected() && slot.client.isAuthenticated()) {
        return slot.client;
      }
      slot.close();
      slot.client = connect(host, resolve(host));
      return slot.client;
    }
  }

  private SshTarget resolve(String host) {
    try {
      return config.resolve(host);
    } catch (InputException e) {
      throw HostException.of(host, SshFailure.SSH_CONFIG, e.getMessage(), e);
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

  /**
   * Connects and authenticates to {@code target}: directly, or through the shared connection to its
   * jump host. When that connection turns out dead (the bastion restarted), it is replaced and the
   * host tried once more over the fresh one.
   */
  private SSHClient connect(String host, SshTarget target) {
    if (target.jump() == null) {
      return open(host, target, false, client -> client.connect(target.hostName(), target.port()),
          client -> () -> client.getRemoteAddress());
    }
    for (int attempt = 1; ; attempt++) {
      SSHClient jump = jumpClient(host, target.jump());
      try {
        return through(host, target, jump);
      } catch (JumpLost lost) {
        jumps.forget(target.jump(), jump);
        if (attempt == 2) {
          throw new HostUnreachableException(host, "the connection to jump host " + target.jump().alias()
              + " dropped twice while connecting: " + describe(lost.getCause()), lost.getCause());
        }
      }
    }
  }

  private SSHClient jumpClient(String host, SshTarget jump) {
    try {
      return jumps.client(jump);
    } catch (HostException e) {
      throw HostException.of(host, e.failure(), "jump host " + e.host() + ": " + e.detail(), e);
    }
  }

  /** The jump connection died under a tunnel: nothing reached the host, so another jump connection may. */
  private static final class JumpLost extends Exception {
    JumpLost(Throwable cause) {
      super(cause);
    }
  }

  private SSHClient through(String host, SshTarget target, SSHClient jump) throws JumpLost {
    DirectConnection tunnel;
    try {
      tunnel = jump.newDirectConnection(target.hostName(), target.port());
    } catch (IOException e) {
      if (!jump.isConnected()) {
        throw new JumpLost(e);
      }
      throw new HostUnreachableException(host, "jump host " + target.jump().alias() + " cannot reach " + where(target)
          + ": " + describe(e), e);
    }
    // Reading the host's banner through a tunnel has no timeout of its own: end the tunnel if the
    // handshake outlives the connect timeout.
    ScheduledFuture<?> guard = WATCHDOG.schedule(() -> abandon(tunnel), connectTimeout(target).toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      return open(host, target, false, client -> client.connectVia(tunnel), client -> null);
    } catch (HostException e) {
      if (!jump.isConnected()) {
        throw new JumpLost(e);
      }
      throw e;
    } finally {
      guard.cancel(false);
    }
  }

  private static void abandon(DirectConnection tunnel) {
    if (tunnel.getInputStream() instanceof ChannelInputStream in) {
      in.eof();
    }
    Thread.ofVirtual().start(() -> {
      try {
        tunnel.close();
      } catch (IOException | RuntimeException e) {
        // already gone
      }
    });
  }

  /** Connects a jump host (for {@link JumpHosts}), through its own jump host if it has one. */
  private SSHClient connectJump(SshTarget jump) {
    if (jump.jump() == null) {
      return open(jump.alias(), jump, true, client -> client.connect(jump.hostName(), jump.port()),
          client -> () -> client.getRemoteAddress());
    }
    SSHClient previous = jumpClient(jump.alias(), jump.jump());
    try {
      return through(jump.alias(), jump, previous);
    } catch (JumpLost lost) {
      jumps.forget(jump.jump(), previous);
      throw new HostUnreachableException(jump.alias(), "the connection to jump host " + jump.jump().alias()
          + " dropped: " + describe(lost.getCause()), lost.getCause());
    }
  }

  /** How a new connection reaches its host: a TCP connection, or a tunnel through a jump host. */
  @FunctionalInterface
  private interface Opening {
    void open(SSHClient client) throws IOException;
  }

  /**
   * One SSH connection: handshake, host key check, authentication.
   *
   * @param jumpHost the connection will carry tunnels: it keeps alive even without ServerAliveInterval
   * @param address the address connected to, for CheckHostIP (null through a tunnel)
   */
  private SSHClient open(String host, SshTarget target, boolean jumpHost, Opening opening,
      Function<SSHClient, Supplier<InetAddress>> address) {
    SSHClient client = new SSHClient(sshjConfig(host, target.algorithms()));
    int connectMillis = (int) connectTimeout(target).toMillis();
    client.setConnectTimeout(connectMillis);
    client.setTimeout(connectMillis); // the socket's read timeout while reading the banner
    client.getTransport().setTimeoutMs(connectMillis); // key exchange and authentication
    int keepAlive = (int) (target.serverAliveInterval().isZero() && jumpHost ? JUMP_KEEPALIVE : target.serverAliveInterval())
        .toSeconds();
    if (keepAlive > 0) {
      client.getConnection().getKeepAlive().setKeepAliveInterval(keepAlive);
      if (client.getConnection().getKeepAlive() instanceof KeepAliveRunner runner) {
        runner.setMaxAliveCount(Math.max(1, target.serverAliveCountMax()));
      }
    }
    HostKeyCheck check = new HostKeyCheck(host, target, target.acceptNewHostKeys() || options.acceptNewHostKeys(), listener,
        address.apply(client), config.defaultKnownHosts());
    client.addHostKeyVerifier(check);
    try {
      opening.open(client);
    } catch (TransportException e) {
      closeQuietly(client);
      if (check.refusal != null) {
        throw check.refusal;
      }
      throw new HostUnreachableException(host, "SSH handshake with " + where(target) + " failed: " + describe(e), e);
    } catch (UnknownHostException e) {
      closeQuietly(client);
      throw new HostUnreachableException(host, "cannot resolve " + target.hostName(), e);
    } catch (IOException e) {
      closeQuietly(client);
      if (check.refusal != null) {
        throw check.refusal;
      }
      throw new HostUnreachableException(host, "cannot connect to " + where(target) + ": " + describe(e), e);
    }
    try {
      List<AuthMethod> methods = authMethods(host, target);
      if (methods.isEmpty()) {
        throw new AuthenticationFailedException(host, "no identity file or ssh-agent key to offer (IdentityFile, "
            + "IdentityAgent, SSH_AUTH_SOCK)");
      }
      client.auth(target.user(), methods);
      client.getTransport().setTimeoutMs(AFTER_CONNECT_TIMEOUT_MILLIS);
      if (jumpHost) {
        // Opening a tunnel waits this long for the jump host to reach the host behind it.
        client.getConnection().setTimeoutMs(connectMillis);
      }
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

  private Duration connectTimeout(SshTarget target) {
    if (target.connectTimeout() != null && options.connectTimeout().equals(SshOptions.DEFAULT_CONNECT_TIMEOUT)) {
      return target.connectTimeout();
    }
    return options.connectTimeout();
  }

  /**
   * sshj's settings for one set of algorithms: only what the configuration (or OpenSSH's default)
   * allows, in its order; host certificates are not offered (hosts are checked by their plain keys).
   */
  private Config sshjConfig(String host, Algorithms algorithms) {
    Config cached = sshjConfigs.get(algorithms);
    if (cached != null) {
      return cached;
    }
    DefaultConfig c = new DefaultConfig();
    List<String> kex = new ArrayList<>(algorithms.kex());
    kex.add("ext-info-c"); // RFC 8308: lets the server say which signatures it takes (rsa-sha2-*)
    c.setKeyExchangeFactories(select(host, "KexAlgorithms", c.getKeyExchangeFactories(), kex));
    c.setKeyAlgorithms(select(host, "HostKeyAlgorithms", c.getKeyAlgorithms(),
        algorithms.hostKeys().stream().filter(a -> !a.contains("-cert-")).toList()));
    c.setCipherFactories(select(host, "Ciphers", c.getCipherFactories(), algorithms.ciphers()));
    c.setMACFactories(select(host, "MACs", c.getMACFactories(), algorithms.macs()));
    c.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    sshjConfigs.putIfAbsent(algorithms, c);
    return sshjConfigs.get(algorithms);
  }

  /** sshj's factories named in {@code names}, in that order; an empty choice is a configuration error. */
  private static <T> List<Factory.Named<T>> select(String host, String keyword, List<Factory.Named<T>> available,
      List<String> names) {
    List<Factory.Named<T>> out = new ArrayList<>();
    for (String name : names) {
      available.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(out::add);
    }
    if (out.stream().noneMatch(f -> !f.getName().equals("ext-info-c"))) {
      throw new HostException(host, SshFailure.SSH_CONFIG, keyword + " allows only algorithms Fleetroll's SSH client"
          + " (sshj) does not implement: " + names + "; it implements " + Factory.Named.Util.getNames(available));
    }
    return out;
  }

  private List<AuthMethod> authMethods(String host, SshTarget target) {
    List<AuthMethod> methods = new ArrayList<>();
    for (Path file : target.identityFiles()) {
      KeyProvider key = key(host, file, target.identityFilesConfigured());
      if (key != null) {
        methods.add(new AuthPublickey(key));
      }
    }
    // Configured identity files first, then the agent's keys (OpenSSH skips the agent with IdentitiesOnly).
    SshAgent agent = target.noAgent() || target.identitiesOnly() ? null
        : target.identityAgent() != null ? agents.computeIfAbsent(target.identityAgent(), SshAgent::new) : this.agent;
    if (agent != null) {
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
        try (SSHClient loader = new SSHClient(KEY_LOADING)) {
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

  private static final Config KEY_LOADING = new DefaultConfig();

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

  static void closeQuietly(SSHClient client) {
    if (client == null) {
      return;
    }
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      // Closing a broken connection: nothing left to do.
    }
  }

  /** One host's connection (jump connections are shared: {@link JumpHosts}). */
  private static final class Slot {
    SSHClient client;

    void close() {
      closeQuietly(client);
      client = null;
    }
  }
}
