package dev.fleetroll.taskcluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hawk request signing as Taskcluster verifies it (taskcluster-api.md §5): HMAC-SHA256 over the
 * normalized string, an optional payload hash, and {@code ext} carrying a temporary certificate.
 */
public final class Hawk {
  private Hawk() {}

  /** The {@code Authorization} header value. {@code payloadHash} and {@code ext} may be null. */
  public static String header(String id, String key, long ts, String nonce, String method, String resource,
      String host, int port, String payloadHash, String ext) {
    String mac = mac(key, ts, nonce, method, resource, host, port, payloadHash, ext);
    StringBuilder h = new StringBuilder("Hawk id=\"").append(id).append("\", ts=\"").append(ts)
        .append("\", nonce=\"").append(nonce).append('"');
    if (payloadHash != null) {
      h.append(", hash=\"").append(payloadHash).append('"');
    }
    if (ext != null && !ext.isEmpty()) {
      h.append(", ext=\"").append(ext).append('"');
    }
    return h.append(", mac=\"").append(mac).append('"').toString();
  }

  public static String mac(String key, long ts, String nonce, String method, String resource, String host, int port,
      String payloadHash, String ext) {
    String normalized = "hawk.1.header\n" + ts + "\n" + nonce + "\n" + method.toUpperCase(Locale.ROOT) + "\n"
        + resource + "\n" + host.toLowerCase(Locale.ROOT) + "\n" + port + "\n"
        + (payloadHash == null ? "" : payloadHash) + "\n"
        + (ext == null ? "" : ext.replace("\\", "\\\\").replace("\n", "\\n")) + "\n";
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(hmac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hawk's payload hash: SHA-256 of "hawk.1.payload\n<content type>\n<body>\n", base64. */
  public static String payloadHash(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("hawk.1.payload\n" + type + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(body);
      sha.update("\n".getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sha.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
