package dev.fleetroll.sim.host;

import dev.fleetroll.sim.HostCounters;
import dev.fleetroll.sim.HostFaults;
import dev.fleetroll.sim.HostFaults.Reachability;
import dev.fleetroll.sim.Os;
import dev.fleetroll.sim.PuppetRun;
import dev.fleetroll.sim.SimHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated host's life: power, boots and reboots, its faults, and what is counted at it. The
 * host itself is a real sshd (and boot services) in fresh namespaces started by {@link #boot()};
 * when the namespaces' init ends, {@link #onPowerLoss} decides from {@code /run/sim/power} (written by
 * the host's reboot/shutdown shims) or from the simulator's own request whether it boots again.
 */
public final class Host {
  private static final Logger log = LoggerFactory.getLogger(Host.class);
  private static final String OVERRIDE_FILE = "ronin_settings";

  /** What the simulator needs from its surroundings to run a host. */
  public record Setup(String user, String backAddress, Path sharedDir, Duration rebootDowntime,
      ScheduledExecutorService scheduler, long seed, Duration puppetDuration, Duration puppetRetry,
      boolean macHonoursSingleRun) {}

  /** Told when the host comes up or goes down; the simulated generic-worker listens. */
  public interface Listener {
    void booted(Host host, int bootId);

    void down(Host host);
  }

  private final SimHost info;
  private final HostPaths paths;
  private final Setup setup;
  private final AtomicInteger boots = new AtomicInteger();
  private final AtomicInteger reboots = new AtomicInteger();
  private final AtomicInteger overrideWrites = new AtomicInteger();
  private final AtomicInteger overrideRemovals = new AtomicInteger();
  private final int watch;
  private volatile HostFaults faults = HostFaults.NONE;
  private volatile Listener listener;
  private Process process;
  private long initPid;
  private int bootId;
  private boolean stoppedByItself;
  private String pendingPowerAction; // set when the simulator itself cuts the power
  private boolean closed;
  private SshFront front;

  public Host(SimHost info, HostPaths paths, Setup setup) {
    this.info = info;
    this.paths = paths;
    this.setup = setup;
    Path overrideDir = paths.onDisk(info.os().overridePath()).getParent();
    this.watch = Inotify.get().watch(overrideDir, this::overrideDirChanged);
  }

  public SimHost info() {
    return info;
  }

  public HostPaths paths() {
    return paths;
  }

  public void setListener(Listener listener) {
    this.listener = listener;
  }

  public HostFaults faults() {
    return faults;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** True when the host's init ended without a power action asking for it (a failed boot, a crash). */
  public synchronized boolean stoppedByItself() {
    return stoppedByItself;
  }

  public synchronized int bootId() {
    return bootId;
  }

  /** Powers the host on: a fresh set of namespaces, overlays over the persisted disk, sshd, boot services. */
  public synchronized void boot() throws IOException {
    if (closed || running()) {
      return;
    }
    bootId++;
    int id = bootId;
    stoppedByItself = false;
    pendingPowerAction = null;
    for (String f : List.of("power", "worker-go", "booted")) {
      Files.deleteIfExists(paths.ctl().resolve(f));
    }
    clearTmp();
    writeHostEnv();
    long uptime = machineUptimeSeconds();
    ProcessBuilder pb = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--",
        "unshare", "--mount", "--uts", "--pid", "--mount-proc", "--time", "--boottime", "-" + uptime,
        "--propagation", "private", "--fork", "--kill-child",
        "/bin/bash", paths.boot().resolve("init.sh").toString(), paths.dir().toString(), setup.sharedDir().toString());
    pb.environment().put("SIM_BOOT_ID", Integer.toString(id));
    pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(paths.console().toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    process = HostSpawner.get().start(pb);
    initPid = 0;
    boots.incrementAndGet();
    Process started = process;
    // Not Process.onExit(): it completes on the JVM's common pool, which one blocked task fills on a
    // 2-core machine (one thread), and the host then stays down until that task ends.
    Thread.ofVirtual().name("sim-power-" + info.shortName()).start(() -> {
      try {
        started.waitFor();
      } catch (InterruptedException e) {
        return; // nothing interrupts this thread
      }
      onPowerLoss(started, id);
    });
    Listener l = listener;
    if (l != null) {
      l.booted(this, id);
    }
  }

  /** Reboots the host the way a power cycle would: every process ends at once, then it boots again. */
  public synchronized void reboot() {
    cutPower("reboot");
  }

  /** Applies new faults. Network faults take effect at once; Puppet faults at the next Puppet run. */
  public void setFaults(HostFaults next) throws IOException {
    HostFaults previous;
    synchronized (this) {
      previous = faults;
      faults = next;
      writeHostEnv();
    }
    if (previous.ssh() != next.ssh() || !previous.sshDelay().equals(next.sshDelay())) {
      applyNetwork(previous, next);
    }
    if (previous.sudo() != next.sudo() || previous.readOnly() != next.readOnly()
        || !previous.clockSkew().equals(next.clockSkew())) {
      applyInside();
    }
    if (!previous.clockSkew().equals(next.clockSkew())) {
      restartSshd(next); // an sshd started before libfaketime was preloaded has its sandboxed children killed
    }
    if (next.poweredOff() && !previous.poweredOff()) {
      cutPower("halt");
    } else if (!next.poweredOff() && previous.poweredOff()) {
      boot();
    }
  }

  /**
   * New host keys, as a re-imaged host has ({@link HostImage#newHostKey}); sshd restarts with them
   * at once (a host that is down uses them when it boots).
   */
  public void newHostKey(String type) throws IOException {
    HostImage.newHostKey(paths, info.shortName(), type);
    restartSshd(faults);
  }

  /** True once the host's SSH port answers with an SSH banner. */
  public boolean answersSsh(Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(info.address(), 22), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      InputStream in = s.getInputStream();
      byte[] banner = new byte[4];
      return in.readNBytes(banner, 0, 4) == 4 && new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }

  public HostCounters counters() {
    int puppetRuns = (int) puppetRunLines().stream().filter(l -> l.startsWith("start\t")).count();
    return new HostCounters(puppetRuns, overrideWrites.get(), overrideRemovals.get(), reboots.get(), boots.get());
  }

  /** Puppet attempts in the order they started, as the host recorded them. */
  public List<PuppetRun> puppetRuns() {
    List<String[]> started = new ArrayList<>();
    Map<String, Integer> openByPid = new HashMap<>();
    List<Integer> exits = new ArrayList<>();
    for (String line : puppetRunLines()) {
      String[] f = line.split("\t");
      if (f.length < 3) {
        continue;
      }
      if (f[0].equals("start")) {
        openByPid.put(f[1], started.size());
        started.add(f);
        exits.add(null);
      } else if (f[0].equals("end") && openByPid.containsKey(f[1])) {
        try {
          exits.set(openByPid.remove(f[1]), Integer.parseInt(f[2].strip()));
        } catch (NumberFormatException ignored) {
          // a torn line; the run stays unfinished
        }
      }
    }
    List<PuppetRun> runs = new ArrayList<>();
    for (int i = 0; i < started.size(); i++) {
      runs.add(new PuppetRun(started.get(i)[2].strip(), exits.get(i)));
    }
    return runs;
  }

  /** The current content of a file on the host's disk, or null when absent (read from the upper layer). */
  public String readFile(String hostPath) {
    Path p = paths.onDisk(hostPath);
    try {
      return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  public boolean fileExists(String hostPath) {
    return Files.exists(paths.onDisk(hostPath), LinkOption.NOFOLLOW_LINKS)
        && !isWhiteout(paths.onDisk(hostPath));
  }

  /** Stops the host for good (the fleet is closing). */
  public void close() {
    Process p;
    synchronized (this) {
      closed = true;
      p = process;
      closeFront();
    }
    Inotify.get().unwatch(watch);
    if (p != null) {
      p.destroyForcibly(); // unshare ignores SIGTERM; SIGKILL takes the whole host down at once
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The host's init as a machine pid, for nsenter and signals; 0 while down. */
  public synchronized long initPid() {
    if (initPid == 0 && process != null && process.isAlive()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (initPid == 0 && System.nanoTime() < deadline) {
        initPid = process.children().findFirst().map(ProcessHandle::pid).orElse(0L);
        if (initPid == 0) {
          sleep(10);
        }
      }
    }
    return initPid;
  }

  private synchronized void cutPower(String action) {
    if (process == null || !process.isAlive()) {
      if (action.equals("reboot") && !closed && !faults.poweredOff()) {
        reboots.incrementAndGet();
        scheduleBoot();
      }
      return;
    }
    pendingPowerAction = action;
    // SIGKILL: unshare ignores SIGTERM while it waits for its child. --kill-child then kills the
    // host's init, and with it every process of the host.
    process.destroyForcibly();
  }

  private synchronized void onPowerLoss(Process p, int id) {
    if (id != bootId) {
      return;
    }
    process = null;
    initPid = 0;
    Listener l = listener;
    if (l != null) {
      l.down(this);
    }
    if (closed) {
      return;
    }
    String action = pendingPowerAction;
    if (action == null) {
      try {
        Path power = paths.ctl().resolve("power");
        action = Files.exists(power) ? Files.readString(power).strip() : null;
      } catch (IOException e) {
        action = null;
      }
    }
    pendingPowerAction = null;
    if ("reboot".equals(action) && !faults.poweredOff()) {
      reboots.incrementAndGet();
      scheduleBoot();
    } else if (action == null) {
      stoppedByItself = true;
      log.warn("host {} stopped by itself (exit {}); see {}", info.name(), p.exitValue(), paths.console());
    }
  }

  private void scheduleBoot() {
    setup.scheduler().schedule(() -> {
      try {
        if (!faults.poweredOff()) {
          boot();
        }
      } catch (IOException e) {
        log.warn("host {} failed to boot: {}", info.name(), e.getMessage());
      }
    }, setup.rebootDowntime().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void applyNetwork(HostFaults previous, HostFaults next) throws IOException {
    synchronized (this) {
      closeFront();
    }
    long pid = initPid();
    if (pid != 0) {
      signal(pid, "USR1"); // init restarts sshd on the address host.env names
    }
    String frontAddress = info.address();
    String backAddress = setup.backAddress();
    boolean reachable = next.ssh() == Reachability.REACHABLE;
    if (pid != 0) {
      waitUntil(() -> reachable ? listensOn(frontAddress) : listensOn(backAddress) && !listensOn(frontAddress),
          Duration.ofSeconds(10));
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      front = switch (next.ssh()) {
        case SILENT -> SshFront.silent(frontAddress);
        case SLOW -> SshFront.slow(frontAddress, backAddress, next.sshDelay());
        default -> null;
      };
    }
  }

  private void restartSshd(HostFaults next) throws IOException {
    long pid = initPid();
    if (pid == 0) {
      return;
    }
    String listen = next.ssh() == Reachability.REACHABLE ? info.address() : setup.backAddress();
    String before = sshdPid();
    signal(pid, "USR1");
    // The old sshd may still accept connections for a moment: wait for the new one, then for its port.
    waitUntil(() -> !sshdPid().equals(before), Duration.ofSeconds(20));
    waitUntil(() -> listensOn(listen), Duration.ofSeconds(20));
  }

  /** Runs the host's sim-apply inside its namespaces so sudo, clock and disk faults hold right now. */
  private void applyInside() throws IOException {
    long pid = initPid();
    if (pid == 0) {
      return; // applied at the next boot
    }
    Commands.run(List.of("nsenter", "--target", Long.toString(pid), "--mount", "--uts", "--pid", "--",
        "/run/sim-fleet/bin/sim-apply"));
  }

  private void writeHostEnv() throws IOException {
    HostFaults f = faults;
    boolean mac = info.os() == Os.MAC;
    String env = """
        SIM_USER=%s
        SIM_LISTEN=%s
        SIM_SUDO=%d
        SIM_READ_ONLY=%d
        SIM_CLOCK_SKEW=%s
        SIM_FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
        SIM_PUPPET_MODE=%s
        SIM_FLAKY_PERMILLE=%d
        SIM_PUPPET_DURATION=%s
        SIM_PUPPET_RETRY=%s
        SIM_SEED=%d
        SIM_MAC_SINGLE_RUN=%d
        SIM_MAC_KERNEL=23.6.0
        SIM_MAC_VERSION=14.6.1
        SIM_MAC_BUILD=23G93
        SIM_MAC_ARCH=x86_64
        SIM_MAC_MODEL=Macmini8,1
        """.formatted(setup.user(),
        f.ssh() == Reachability.REACHABLE ? info.address() : setup.backAddress(),
        f.sudo() ? 1 : 0, f.readOnly() ? 1 : 0,
        f.clockSkew().isZero() ? "0" : (f.clockSkew().isNegative() ? "" : "+") + f.clockSkew().toSeconds(),
        f.puppet().name().toLowerCase(java.util.Locale.ROOT), Math.round(f.flakyRate() * 1000),
        seconds(setup.puppetDuration()), seconds(setup.puppetRetry()), setup.seed(),
        setup.macHonoursSingleRun() ? 1 : 0);
    Path tmp = paths.ctl().resolve(".host.env.tmp");
    Files.writeString(tmp, env);
    Files.move(tmp, paths.ctl().resolve("host.env"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    if (mac) {
      // nothing more: the Mac shims read the SIM_MAC_* values above
    }
  }

  private void overrideDirChanged(String name, int mask) {
    if (!name.equals(OVERRIDE_FILE)) {
      return;
    }
    if ((mask & (Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_TO)) != 0) {
      overrideWrites.incrementAndGet();
    } else if ((mask & (Inotify.IN_DELETE | Inotify.IN_MOVED_FROM)) != 0) {
      overrideRemovals.incrementAndGet();
    }
  }

  private List<String> puppetRunLines() {
    Path log = paths.ctl().resolve("puppet-runs");
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void clearTmp() throws IOException {
    if (!Files.isDirectory(paths.tmp(), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(paths.tmp())) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(paths.tmp())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void closeFront() {
    if (front != null) {
      front.close();
      front = null;
    }
  }

  private static boolean isWhiteout(Path p) {
    try {
      return !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
          && !Files.isSymbolicLink(p) && (Integer) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS) == 0;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private String sshdPid() {
    try {
      return Files.readString(paths.ctl().resolve("sshd.pid")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean listensOn(String address) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, 22), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void signal(long pid, String signal) throws IOException {
    Commands.run(List.of("kill", "-" + signal, Long.toString(pid)));
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      sleep(50);
    }
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  static long machineUptimeSeconds() throws IOException {
    String uptime = Files.readString(Path.of("/proc/uptime"));
    return (long) Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
