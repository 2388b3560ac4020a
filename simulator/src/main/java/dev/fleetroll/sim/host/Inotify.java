package dev.fleetroll.sim.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Linux inotify through the FFM API, because it is the one faithful way to count file writes at a
 * host: {@code IN_CLOSE_WRITE} (a file written in place and closed) and {@code IN_MOVED_TO} (a temp
 * file renamed onto it) are exactly "a write landed". Java's WatchService cannot tell a write from a
 * chmod. Events of the host's overlay reach the watch on its upper directory. One instance (one
 * thread) serves every host of every fleet in the JVM.
 */
public final class Inotify {
  public static final int IN_CLOSE_WRITE = 0x8;
  public static final int IN_MOVED_FROM = 0x40;
  public static final int IN_MOVED_TO = 0x80;
  public static final int IN_DELETE = 0x200;
  private static final int IN_NONBLOCK = 0x800;
  private static final int IN_CLOEXEC = 0x80000;
  private static final short POLLIN = 1;

  private static Inotify instance;

  private final MethodHandle addWatch;
  private final MethodHandle rmWatch;
  private final MethodHandle read;
  private final MethodHandle poll;
  private final int fd;
  private final Map<Integer, BiConsumer<String, Integer>> listeners = new ConcurrentHashMap<>();

  private Inotify() throws Throwable {
    Linker linker = Linker.nativeLinker();
    SymbolLookup libc = linker.defaultLookup();
    MethodHandle init = linker.downcallHandle(libc.find("inotify_init1").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    addWatch = linker.downcallHandle(libc.find("inotify_add_watch").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    rmWatch = linker.downcallHandle(libc.find("inotify_rm_watch").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    read = linker.downcallHandle(libc.find("read").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    poll = linker.downcallHandle(libc.find("poll").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    fd = (int) init.invokeExact(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
      throw new IllegalStateException("inotify_init1 failed");
    }
    Thread thread = new Thread(this::run, "sim-inotify");
    thread.setDaemon(true);
    thread.start();
  }

  public static synchronized Inotify get() {
    if (instance == null) {
      try {
        instance = new Inotify();
      } catch (Throwable e) {
        throw new IllegalStateException("cannot use inotify: " + e.getMessage(), e);
      }
    }
    return instance;
  }

  /**
   * Watches a directory; {@code listener} gets (file name, event mask) for writes, renames and
   * deletions of entries in it. Returns the watch descriptor for {@link #unwatch(int)}.
   */
  public int watch(Path dir, BiConsumer<String, Integer> listener) {
    try (Arena arena = Arena.ofConfined()) {
      int wd = (int) addWatch.invokeExact(fd, arena.allocateFrom(dir.toString()),
          IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE);
      if (wd < 0) {
        throw new IllegalStateException("inotify_add_watch failed for " + dir);
      }
      listeners.put(wd, listener);
      return wd;
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  public void unwatch(int wd) {
    if (listeners.remove(wd) != null) {
      try {
        int ignored = (int) rmWatch.invokeExact(fd, wd);
      } catch (Throwable e) {
        // the directory may be gone already
      }
    }
  }

  private void run() {
    Arena arena = Arena.ofShared();
    MemorySegment pollfd = arena.allocate(8);
    MemorySegment buffer = arena.allocate(64 * 1024, 8);
    while (true) {
      try {
        pollfd.set(ValueLayout.JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int ready = (int) poll.invokeExact(pollfd, 1L, 1000);
        if (ready <= 0) {
          continue;
        }
        long n = (long) read.invokeExact(fd, buffer, buffer.byteSize());
        long offset = 0;
        while (n > 0 && offset + 16 <= n) {
          int wd = buffer.get(ValueLayout.JAVA_INT, offset);
          int mask = buffer.get(ValueLayout.JAVA_INT, offset + 4);
          int len = buffer.get(ValueLayout.JAVA_INT, offset + 12);
          String name = "";
          if (len > 0) {
            byte[] raw = buffer.asSlice(offset + 16, len).toArray(ValueLayout.JAVA_BYTE);
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
              end++;
            }
            name = new String(raw, 0, end, StandardCharsets.UTF_8);
          }
          BiConsumer<String, Integer> listener = listeners.get(wd);
          if (listener != null) {
            listener.accept(name, mask);
          }
          offset += 16 + len;
        }
      } catch (Throwable e) {
        System.err.println("sim-inotify: " + e);
      }
    }
  }
}
