package dev.fleetroll.sim;

import dev.fleetroll.sim.github.GitHub;
import dev.fleetroll.sim.github.GitHubServer;
import dev.fleetroll.sim.host.AddressBlock;
import dev.fleetroll.sim.host.Commands;
import dev.fleetroll.sim.host.Host;
import dev.fleetroll.sim.host.HostImage;
import dev.fleetroll.sim.host.HostPaths;
import dev.fleetroll.sim.taskcluster.GenericWorker;
import dev.fleetroll.sim.taskcluster.Queue;
import dev.fleetroll.sim.taskcluster.TaskSource;
import dev.fleetroll.sim.taskcluster.TaskclusterServer;
import dev.fleetroll.sim.taskcluster.TcClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated fleet, in this JVM: real OpenSSH hosts in their own namespaces, a simulated
 * GitHub of Puppet branches, and (see {@link #taskcluster()}) a Taskcluster stand-in with a
 * generic-worker per host. Tests get one from {@code SimulatedFleetExtension}; {@code fleetroll sim up}
 * runs one in a background daemon. Close it to stop every host; if the JVM dies instead, the hosts
 * die with it.
 */
public final class Fleet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  /** The operator account on every host (key login, password-less sudo unless a fault says otherwise). */
  public static final String USER = "relops";
  /** The bastion's short name (FQDN: with {@link Roles#DOMAIN}), in a fleet started with one. */
  public static final String BASTION = "bastion";

  private final FleetSpec spec;
  private final FleetFiles files;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final AddressBlock addresses;
  private final ScheduledExecutorService scheduler;
  private final GitHub github;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, GenericWorker> workers = new LinkedHashMap<>();
  private Host bastion;
  private Taskcluster taskcluster;
  private GitHubServer githubServer;
  private volatile boolean closed;

  private Fleet(FleetSpec spec, FleetFiles files, FileChannel lockChannel, FileLock lock, AddressBlock addresses) {
    this.spec = spec;
    this.files = files;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.addresses = addresses;
    this.scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "sim-fleet-scheduler");
      t.setDaemon(true);
      return t;
    });
    this.github = new GitHub(files.shared().resolve("github-heads"));
  }

  /** The fleet directory used when none is given: {@code $FLEETROLL_HOME/sim}, else {@code ~/.fleetroll/sim}. */
  public static Path defaultDir() {
    String home = System.getenv("FLEETROLL_HOME");
    Path root = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".fleetroll");
    return root.resolve("sim").toAbsolutePath().normalize();
  }

  /**
   * Starts a fleet and returns once every host answers SSH. Needs Linux and root (namespaces, mounts,
   * port 22 on loopback addresses).
   */
  public static Fleet start(FleetSpec spec) throws IOException {
    Path dir = (spec.dir() == null ? defaultDir() : spec.dir()).toAbsolutePath().normalize();
    Files.createDirectories(dir);
    FileChannel channel = FileChannel.open(dir.resolve("fleet.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("a fleet is already running in " + dir + " (its fleet.lock is held)");
    }
    AddressBlock addresses = null;
    Fleet fleet = null;
    try {
      addresses = AddressBlock.claim();
      fleet = new Fleet(spec, new FleetFiles(dir), channel, lock, addresses);
      fleet.create();
      fleet.bootAll();
      return fleet;
    } catch (IOException | RuntimeException e) {
      if (fleet != null) {
        fleet.close();
      } else {
        if (addresses != null) {
          addresses.close();
        }
        channel.close();
      }
      throw e;
    }
  }

  /**
   * Kills whatever a dead fleet in {@code dir} left running (its hosts normally die with their JVM);
   * returns how many processes that was. Mounts and addresses vanish with the hosts' namespaces.
   */
  public static int cleanLeftovers(Path dir) {
    return Leftovers.killHostProcesses(new FleetFiles(dir.toAbsolutePath().normalize()).hosts());
  }

  public FleetSpec spec() {
    return spec;
  }

  /** The fleet directory D and the files in it (ssh_config, known_hosts, lists, taskcluster.env...). */
  public FleetFiles files() {
    return files;
  }

  public Path dir() {
    return files.dir();
  }

  public List<SimHost> hosts() {
    return hosts.values().stream().map(Host::info).toList();
  }

  public List<SimHost> hosts(Os os) {
    return hosts().stream().filter(h -> h.os() == os).toList();
  }

  /** A host by FQDN or short name. */
  public SimHost host(String name) {
    return host0(name).info();
  }

  /** The bastion every host is reached through, when the fleet was started with one. */
  public java.util.Optional<SimHost> bastion() {
    return java.util.Optional.ofNullable(bastion).map(Host::info);
  }

  /** What the bastion's sshd logged: connections it accepted (authenticated) and dropped past MaxStartups. */
  public record BastionLog(int acceptedConnections, int droppedConnections) {}

  public BastionLog bastionLog() {
    if (bastion == null) {
      throw new IllegalStateException("this fleet has no bastion (start it with --bastion)");
    }
    try {
      List<String> lines = Files.exists(bastion.paths().console()) ? Files.readAllLines(bastion.paths().console()) : List.of();
      return new BastionLog((int) lines.stream().filter(l -> l.contains("Accepted publickey for")).count(),
          (int) lines.stream().filter(l -> l.contains("past MaxStartups")).count());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The host's SSH host key fingerprint as OpenSSH prints it ({@code SHA256:...}). */
  public String hostKeyFingerprint(String host) {
    try {
      String[] key = HostImage.publicHostKey(host0(host).paths()).split("\\s+");
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(java.util.Base64.getDecoder().decode(key[1]));
      return "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public GitHub github() {
    return github;
  }

  /** The simulated GitHub's REST API (also in {@code D/github.env} as GITHUB_API_URL). */
  public GitHubServer githubServer() {
    return githubServer;
  }

  /** The Taskcluster stand-in and each host's simulated generic-worker. */
  public Taskcluster taskcluster() {
    return taskcluster;
  }

  public HostCounters counters(String host) {
    return host0(host).counters();
  }

  public List<PuppetRun> puppetRuns(String host) {
    return host0(host).puppetRuns();
  }

  public HostFaults faults(String host) {
    return host0(host).faults();
  }

  /** Replaces a host's faults; network, sudo, clock and disk faults hold when this returns. */
  public void setFaults(String host, HostFaults faults) {
    try {
      host0(host).setFaults(faults);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Changes one fault setting in {@code sim fault} syntax, e.g. {@code puppet=fail}, {@code ssh=silent};
   * {@code hostkey=new} gives the host new host keys at once (a re-image, as SSH sees it).
   */
  public void fault(String host, String setting) {
    Host h = host0(host);
    String keyType = HostFaults.newHostKeyType(setting);
    if (keyType != null) {
      try {
        h.newHostKey(keyType);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    if (bastion != null && setting.strip().toLowerCase(java.util.Locale.ROOT).startsWith("ssh=slow")) {
      // The slow link is a relay in this JVM, and the hosts accept only the bastion's own connections.
      throw new IllegalArgumentException("ssh=slow is not available in a fleet with a bastion");
    }
    setFaults(host, h.faults().with(setting));
  }

  /** Power-cycles a host: every process ends at once, it is unreachable for the reboot downtime, then boots. */
  public void reboot(String host) {
    host0(host).reboot();
  }

  public boolean isUp(String host) {
    return host0(host).running();
  }

  /** A file on a host's disk as the host sees it now (null when absent), e.g. {@code /etc/puppet/ronin_settings}. */
  public String readFile(String host, String path) {
    return host0(host).readFile(path);
  }

  /** True if the host's /tmp/puppet_run_done exists (its Puppet succeeded since the last boot). */
  public boolean puppetRunDone(String host) {
    return Files.exists(host0(host).paths().tmp().resolve("puppet_run_done"));
  }

  /** Waits until the host answers SSH; false on timeout. */
  public boolean awaitSsh(String host, Duration timeout) {
    Host h = host0(host);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (h.answersSsh(Duration.ofMillis(500))) {
        return true;
      }
      sleep(100);
    }
    return false;
  }

  /** Waits until {@code condition} holds, polling every 100 ms; false on timeout. */
  public static boolean await(Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      sleep(100);
    }
    return condition.getAsBoolean();
  }

  /** The last lines the host's init, sshd and boot services printed, on one line (for failure messages). */
  public String consoleTail(String host) throws IOException {
    return consoleTail(host0(host));
  }

  private static String consoleTail(Host h) throws IOException {
    if (!Files.exists(h.paths().console())) {
      return "";
    }
    // sshd notes every probe of its port (ours included) as a closed connection: noise here.
    String console = String.join(" ", Files.readAllLines(h.paths().console()).stream()
        .filter(l -> !l.contains("kex_exchange_identification: Connection closed")).toList()).strip();
    return console.substring(Math.max(0, console.length() - 300));
  }

  Host host0(String name) {
    Host h = hosts.get(name);
    if (h == null) {
      h = hosts.get(name + Roles.DOMAIN);
    }
    if (h == null && bastion != null && (name.equals(BASTION) || name.equals(BASTION + Roles.DOMAIN))) {
      h = bastion;
    }
    if (h == null) {
      throw new IllegalArgumentException("no host '" + name + "' in the simulated fleet at " + dir());
    }
    return h;
  }

  Map<String, Host> hostMap() {
    return Collections.unmodifiableMap(hosts);
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Thread> stops = new ArrayList<>();
    for (Host h : allHosts()) {
      stops.add(Thread.ofVirtual().start(h::close));
    }
    for (Thread t : stops) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    scheduler.shutdownNow();
    if (taskcluster != null) {
      taskcluster.server().close();
    }
    if (githubServer != null) {
      githubServer.close();
    }
    addresses.close();
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.debug("releasing fleet lock: {}", e.getMessage());
    }
  }

  private void create() throws IOException {
    Path dir = files.dir();
    int killed = Leftovers.killHostProcesses(files.hosts());
    if (killed > 0) {
      log.warn("killed {} processes left by an earlier fleet in {}", killed, dir);
    }
    Leftovers.deleteTree(files.hosts());
    Leftovers.deleteTree(files.shared());
    for (Path p : List.of(files.clientKey(), dir.resolve("id_ed25519.pub"))) {
      Files.deleteIfExists(p);
    }
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "fleetroll-sim@" + dir,
        "-f", files.clientKey().toString()));
    String clientPublicKey = Files.readString(dir.resolve("id_ed25519.pub"));
    github.push(GitHub.UPSTREAM_REPO, GitHub.DEFAULT_BRANCH); // rewrite heads into the fresh shared dir
    HostImage.writeShared(files.shared());

    List<SimHost> infos = new ArrayList<>();
    int index = 0;
    for (int i = 1; i <= spec.linux(); i++, index++) {
      String role = Roles.LINUX_ROLES.get((i - 1) * Roles.LINUX_ROLES.size() / Math.max(1, spec.linux()));
      infos.add(info(Roles.linuxName(i), Os.LINUX, role, index));
    }
    for (int i = 1; i <= spec.mac(); i++, index++) {
      infos.add(info(Roles.macName(i), Os.MAC, Roles.MAC_ROLE, index));
    }
    // The bastion's login user gets a uid of its own: the hosts recognise its tunnels by it (sim-from-bastion).
    int[] uids = HostImage.freeUids(2);
    Integer bastionUid = spec.bastion() ? uids[1] : null;
    Map<SimHost, HostPaths> created = HostImage.createAll(infos, files.hosts(), USER, uids[0], clientPublicKey, dir,
        bastionUid);
    for (int i = 0; i < infos.size(); i++) {
      SimHost info = infos.get(i);
      hosts.put(info.name(), new Host(info, created.get(info), setup(i)));
    }
    if (spec.bastion()) {
      int i = infos.size();
      SimHost b = new SimHost(BASTION + Roles.DOMAIN, BASTION, Os.LINUX, "bastion", addresses.front(i), "", "",
          Roles.WORKER_GROUP);
      bastion = new Host(b, HostImage.createBastion(b, files.hosts(), USER, bastionUid, clientPublicKey, dir), setup(i));
    }
    FleetDescription.write(this, files, infos, bastion == null ? null : bastion.info());
    startTaskcluster();
    String githubToken = "ghp_" + token(new java.security.SecureRandom()).substring(0, 36);
    githubServer = new GitHubServer(github, githubToken);
    writePrivate(files.githubEnv(), "GITHUB_API_URL=" + githubServer.apiUrl() + "\nGITHUB_TOKEN=" + githubToken + "\n");
    FleetDescription.writeJson(files, Map.of("dir", dir.toString(), "taskclusterRootUrl", taskcluster.rootUrl(),
        "githubApiUrl", githubServer.apiUrl(), "user", USER, "seed", spec.seed()), infos);
  }

  private Host.Setup setup(int index) {
    return new Host.Setup(USER, addresses.back(index), files.shared(), spec.rebootDowntime(), scheduler, spec.seed(),
        spec.puppetDuration(), spec.puppetRetry(), spec.macHonoursSingleRun());
  }

  /** Every host, the bastion (if any) first. */
  private List<Host> allHosts() {
    List<Host> all = new ArrayList<>();
    if (bastion != null) {
      all.add(bastion);
    }
    all.addAll(hosts.values());
    return all;
  }

  private void startTaskcluster() throws IOException {
    java.util.Random random = new java.util.Random(spec.seed());
    Queue queue = new Queue(java.time.Clock.systemUTC(), random, spec.claimTimeout(), spec.lastActiveThrottle());
    java.security.SecureRandom tokens = new java.security.SecureRandom();
    Map<String, TcClient> clients = new LinkedHashMap<>();
    for (TcClient c : List.of(
        new TcClient(Taskcluster.OPERATOR, token(tokens), List.of("queue:quarantine-worker:releng-hardware/gecko-*",
            "queue:declare-worker:releng-hardware/*", "queue:claimed-list:releng-hardware/*")),
        new TcClient(Taskcluster.QUARANTINE_WORKER, token(tokens), List.of("queue:quarantine-worker:releng-hardware/gecko-*")),
        new TcClient(Taskcluster.NO_SCOPES, token(tokens), List.of()))) {
      clients.put(c.clientId(), c);
    }
    TaskclusterServer server = new TaskclusterServer(queue, List.copyOf(clients.values()), spec.seed());
    for (Host h : hosts.values()) {
      workers.put(h.info().name(), new GenericWorker(h, queue, github, random, spec.taskMin(), spec.taskMax()));
    }
    taskcluster = new Taskcluster(this, server, queue, clients, workers);
    TcClient operator = clients.get(Taskcluster.OPERATOR);
    writePrivate(files.taskclusterEnv(), "TASKCLUSTER_ROOT_URL=" + server.rootUrl() + "\n"
        + "TASKCLUSTER_CLIENT_ID=" + operator.clientId() + "\n"
        + "TASKCLUSTER_ACCESS_TOKEN=" + operator.accessToken() + "\n");
    TaskSource source = new TaskSource(queue, spec.tasksPerMinutePerWorker());
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        queue.expireClaims();
        List<String> pools = new ArrayList<>();
        // Real workers poll claimWork independently: in a fixed order the first workers of a pool would
        // take every task whenever there are fewer tasks than workers, and the last ones would never work.
        List<GenericWorker> order = new ArrayList<>(workers.values());
        java.util.Collections.shuffle(order, random);
        for (GenericWorker w : order) {
          w.tick();
          if (w.running()) {
            pools.add(Roles.PROVISIONER + "/" + w.workerType());
          }
        }
        source.tick(pools);
      } catch (RuntimeException e) {
        log.warn("worker simulation step failed", e);
      }
    }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static String token(java.security.SecureRandom random) {
    byte[] b = new byte[33];
    random.nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private SimHost info(String shortName, Os os, String role, int index) {
    return new SimHost(shortName + Roles.DOMAIN, shortName, os, role, addresses.front(index),
        Roles.PROVISIONER, Roles.workerType(role), Roles.WORKER_GROUP);
  }

  private void bootAll() throws IOException {
    for (Host h : allHosts()) {
      h.boot();
    }
    Duration timeout = Duration.ofSeconds(60 + hosts.size());
    for (Host h : allHosts()) {
      if (answeredWithin(timeout, () -> h.answersSsh(Duration.ofMillis(500)), h::stoppedByItself)) {
        continue;
      }
      // A Mac may finish its first worker cycle and reboot while we wait for others: only a host
      // that stopped by itself failed to boot.
      if (h.stoppedByItself()) {
        throw new IOException("host " + h.info().name() + " failed to boot: " + consoleTail(h));
      }
      throw new IOException("host " + h.info().name() + " did not answer SSH within " + timeout.toSeconds()
          + " s; see " + h.paths().console());
    }
  }

  /**
   * Whether {@code answers} said yes within {@code timeout}, asking until it does or {@code stopped}. The first yes
   * counts: asking again after it failed a 1,000-host fleet's start whenever a loaded machine kept a host that had
   * just answered from answering a second time within the half second.
   */
  static boolean answeredWithin(Duration timeout, BooleanSupplier answers, BooleanSupplier stopped) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answers.getAsBoolean()) {
      if (stopped.getAsBoolean() || System.nanoTime() >= deadline) {
        return false;
      }
      sleep(100);
    }
    return true;
  }

  static void writePrivate(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
