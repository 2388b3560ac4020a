package dev.fleetroll.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Plain OpenSSH client runs against a fleet, exactly as an operator would type them. */
final class OpenSsh {
  record Result(int exit, String out, String err) {}

  private OpenSsh() {}

  static Result run(Fleet fleet, String host, String command, String... options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ssh", "-F", fleet.files().sshConfig().toString(), "-o", "ConnectTimeout=5"));
    cmd.addAll(List.of(options));
    cmd.add(host);
    cmd.add(command);
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    byte[][] bufs = new byte[2][];
    Thread a = Thread.ofVirtual().start(() -> bufs[0] = readAll(out));
    Thread b = Thread.ofVirtual().start(() -> bufs[1] = readAll(err));
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("ssh " + host + " " + command + " did not finish in 120 s");
    }
    a.join();
    b.join();
    return new Result(p.exitValue(), new String(bufs[0], StandardCharsets.UTF_8), new String(bufs[1], StandardCharsets.UTF_8));
  }

  static String ok(Fleet fleet, String host, String command) throws IOException, InterruptedException {
    Result r = run(fleet, host, command);
    if (r.exit() != 0) {
      throw new AssertionError("ssh " + host + " '" + command + "' exited " + r.exit() + ": " + r.err() + r.out());
    }
    return r.out();
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
