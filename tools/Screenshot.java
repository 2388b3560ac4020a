import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a headless Chromium that tools/screenshot.sh started with --remote-debugging-port=0 over the
 * DevTools protocol: opens URL, lets the page run for WAIT of real time, and saves a PNG. Chromium's own
 * --screenshot with --virtual-time-budget never finishes on the Temporal Web UI's page of a running
 * workflow: virtual time stands still while the page's long poll for new history events is open.
 *
 * <pre>java tools/Screenshot.java USER_DATA_DIR URL OUT.png WAIT_SECONDS</pre>
 */
public final class Screenshot {
  private static final Pattern WS = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern WS_ANY = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"");
  private static final Pattern DATA = Pattern.compile("\"data\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

  public static void main(String[] args) throws Exception {
    Path profile = Path.of(args[0]);
    String url = args[1];
    Path out = Path.of(args[2]);
    long waitSeconds = Long.parseLong(args[3]);

    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("Chromium wrote no " + portFile + " within 60 s");
      }
      Thread.sleep(100);
    }
    String port = Files.readAllLines(portFile).getFirst().strip();
    HttpClient http = HttpClient.newHttpClient();
    String targets = "";
    String ws = null;
    while (ws == null && System.nanoTime() < deadline) {
      targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = WS.matcher(targets);
      Matcher any = WS_ANY.matcher(targets);
      ws = m.find() ? m.group(1) : any.find() ? any.group(1) : null;
      if (ws == null) {
        Thread.sleep(200);
      }
    }
    if (ws == null) {
      throw new IOException("no page target in " + targets);
    }

    Session session = new Session();
    WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
        .buildAsync(URI.create(ws), session).get(30, TimeUnit.SECONDS);
    session.call(socket, 1, "Page.enable", "{}");
    session.call(socket, 2, "Page.navigate", "{\"url\":\"" + url.replace("\"", "%22") + "\"}");
    Thread.sleep(TimeUnit.SECONDS.toMillis(waitSeconds));
    String reply = session.call(socket, 3, "Page.captureScreenshot", "{\"format\":\"png\"}");
    Matcher data = DATA.matcher(reply);
    if (!data.find()) {
      throw new IOException("no screenshot in the reply: " + reply.substring(0, Math.min(300, reply.length())));
    }
    Files.write(out, Base64.getDecoder().decode(data.group(1)));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
  }

  /** One DevTools connection: sends a command and waits for the reply with its id. */
  private static final class Session implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private volatile CompletableFuture<String> pending;
    private volatile String pendingId;

    String call(WebSocket socket, int id, String method, String params) throws Exception {
      pendingId = "\"id\":" + id + ",";
      pending = new CompletableFuture<>();
      socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).get(10, TimeUnit.SECONDS);
      return pending.get(60, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence text, boolean last) {
      partial.append(text);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        CompletableFuture<String> p = pending;
        if (p != null && message.startsWith("{" + pendingId)) {
          p.complete(message);
        }
      }
      socket.request(1);
      return null;
    }
  }
}
