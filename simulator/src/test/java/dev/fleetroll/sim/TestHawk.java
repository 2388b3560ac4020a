package dev.fleetroll.sim;

import dev.fleetroll.sim.taskcluster.TcClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Minimal Hawk signing for tests that talk HTTP directly (the npm client checks the real thing). */
final class TestHawk {
  private TestHawk() {}

  static String header(TcClient client, String method, URI uri) throws Exception {
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    String nonce = UUID.randomUUID().toString().substring(0, 8);
    String resource = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String normalized = "hawk.1.header\n" + ts + "\n" + nonce + "\n" + method + "\n" + resource + "\n" + uri.getHost()
        + "\n" + uri.getPort() + "\n\n\n";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(client.accessToken().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String m = Base64.getEncoder().encodeToString(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
    return "Hawk id=\"" + client.clientId() + "\", ts=\"" + ts + "\", nonce=\"" + nonce + "\", mac=\"" + m + "\"";
  }
}
