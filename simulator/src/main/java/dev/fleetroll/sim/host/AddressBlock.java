package dev.fleetroll.sim.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A block of loopback addresses {@code 127.B.x.y} held by one fleet. Every fleet on the machine takes
 * a different B by holding an exclusive lock on {@code /run/fleetroll-sim/127.B.lock}; the kernel
 * drops the lock when the owning JVM dies, however it dies, so a dead fleet never blocks a new one.
 * A block is also skipped while anything still listens on its first address.
 *
 * <p>Host i listens on {@code 127.B.(i/250).(i%250+1)}; its sshd moves to the "back" address
 * {@code 127.B.(100+i/250).(i%250+1)} while a network fault stands in front of it.
 */
public final class AddressBlock implements AutoCloseable {
  private static final int FIRST = 20;
  private static final int LAST = 250;

  private final int block;
  private final FileChannel channel;
  private final FileLock lock;

  private AddressBlock(int block, FileChannel channel, FileLock lock) {
    this.block = block;
    this.channel = channel;
    this.lock = lock;
  }

  public static AddressBlock claim() {
    Path dir = lockDir();
    for (int b = FIRST; b <= LAST; b++) {
      FileChannel channel = null;
      try {
        channel = FileChannel.open(dir.resolve("127." + b + ".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock != null && !listening("127." + b + ".0.1")) {
          return new AddressBlock(b, channel, lock);
        }
        if (lock != null) {
          lock.release();
        }
        channel.close();
      } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
        closeQuietly(channel);
      }
    }
    throw new IllegalStateException("no free loopback address block 127." + FIRST + "-" + LAST
        + ".x.y (every lock in " + dir + " is held)");
  }

  /** The address host {@code index} (0-based) answers SSH on. */
  public String front(int index) {
    return "127.%d.%d.%d".formatted(block, index / 250, index % 250 + 1);
  }

  /** Where host {@code index}'s sshd listens while a network fault stands in front of it. */
  public String back(int index) {
    return "127.%d.%d.%d".formatted(block, 100 + index / 250, index % 250 + 1);
  }

  public int block() {
    return block;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the lock goes with the channel anyway
    }
    closeQuietly(channel);
  }

  private static Path lockDir() {
    Path dir = Path.of("/run/fleetroll-sim");
    try {
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "fleetroll-sim");
      try {
        Files.createDirectories(fallback);
      } catch (IOException again) {
        throw new UncheckedIOException("cannot create " + fallback, again);
      }
      return fallback;
    }
  }

  private static boolean listening(String address) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, 22), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
