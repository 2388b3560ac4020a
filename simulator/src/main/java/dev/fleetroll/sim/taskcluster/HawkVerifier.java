package dev.fleetroll.sim.taskcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hawk request authentication as Taskcluster checks it: the MAC over the normalized string
 * ({@code hawk.1.header}, ts, nonce, METHOD, raw request target, host, port, payload hash, ext), ±15
 * minutes of clock skew, an optional payload hash, and {@code ext} carrying a temporary-credential
 * certificate and/or authorizedScopes. Nonces are not checked for replay (Taskcluster does not).
 */
final class HawkVerifier {
  static final long SKEW_SECONDS = 15 * 60;
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"\\\\]*)\"\\s*(?:,\\s*|$)");
  private static final Pattern VALUE = Pattern.compile("[\\w!#$%&'()*+,\\-./:;<=>?@\\[\\]^`{|}~ ]*");
  private static final List<String> KNOWN = List.of("id", "ts", "nonce", "hash", "ext", "mac", "app", "dlg");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who made the request and with which scopes. */
  record Caller(String clientId, List<String> scopes) {}

  private HawkVerifier() {}

  /**
   * Authenticates a request carrying an {@code Authorization: Hawk ...} header.
   *
   * @throws ApiError 401 AuthenticationFailed on any failure
   */
  static Caller authenticate(String header, String method, String resource, String host, int port,
      String contentType, byte[] body, Instant now, Function<String, TcClient> clients) {
    if (!header.regionMatches(true, 0, "Hawk ", 0, 5)) {
      throw ApiError.authentication("Bad header format: not a Hawk Authorization header");
    }
    Map<String, String> attrs = new HashMap<>();
    String rest = header.substring(5).strip();
    Matcher m = ATTRIBUTE.matcher(rest);
    int pos = 0;
    while (pos < rest.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw ApiError.authentication("Bad header format");
      }
      String name = m.group(1);
      if (!KNOWN.contains(name)) {
        throw ApiError.authentication("Unknown attribute: " + name);
      }
      if (!VALUE.matcher(m.group(2)).matches()) {
        throw ApiError.authentication("Bad attribute value: " + name);
      }
      if (attrs.put(name, m.group(2)) != null) {
        throw ApiError.authentication("Duplicate attribute: " + name);
      }
      pos = m.end();
    }
    for (String required : List.of("id", "ts", "nonce", "mac")) {
      if (!attrs.containsKey(required) || attrs.get(required).isEmpty()) {
        throw ApiError.authentication("Missing attributes: " + required);
      }
    }
    String clientId = attrs.get("id");
    JsonNode ext = decodeExt(attrs.get("ext"));
    TcClient client = clients.apply(clientId);
    List<String> scopes;
    String accessToken;
    if (ext != null && ext.has("certificate")) {
      Temporary t = temporary(clientId, ext.get("certificate"), now, clients);
      accessToken = t.accessToken();
      scopes = t.scopes();
    } else {
      if (client == null) {
        throw ApiError.authentication("Unknown credentials: client " + clientId + " does not exist");
      }
      accessToken = client.accessToken();
      scopes = client.scopes();
    }
    String expected = mac(accessToken, attrs.get("ts"), attrs.get("nonce"), method, resource, host, port,
        attrs.getOrDefault("hash", ""), attrs.getOrDefault("ext", ""));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), attrs.get("mac").getBytes(StandardCharsets.UTF_8))) {
      throw ApiError.authentication("Bad mac");
    }
    if (attrs.containsKey("hash")) {
      String hash = payloadHash(contentType, body);
      if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.UTF_8), attrs.get("hash").getBytes(StandardCharsets.UTF_8))) {
        throw ApiError.authentication("Invalid payload hash");
      }
    }
    long ts;
    try {
      ts = Long.parseLong(attrs.get("ts"));
    } catch (NumberFormatException e) {
      throw ApiError.authentication("Invalid timestamp");
    }
    if (Math.abs(now.getEpochSecond() - ts) > SKEW_SECONDS) {
      throw ApiError.authentication("Stale timestamp");
    }
    List<String> effective = new ArrayList<>(scopes);
    if (ext != null && ext.has("authorizedScopes")) {
      List<String> authorized = new ArrayList<>();
      ext.get("authorizedScopes").forEach(s -> authorized.add(s.asText()));
      for (String s : authorized) {
        if (!Scopes.satisfies(scopes, s)) {
          throw ApiError.authentication("ext.authorizedScopes oversteps your scopes");
        }
      }
      effective = authorized;
    }
    effective.addAll(Scopes.ANONYMOUS); // every authenticated client also assumes role anonymous
    return new Caller(clientId, effective);
  }

  static String mac(String key, String ts, String nonce, String method, String resource, String host, int port,
      String hash, String ext) {
    String normalized = "hawk.1.header\n" + ts + "\n" + nonce + "\n" + method.toUpperCase(Locale.ROOT) + "\n"
        + resource + "\n" + host.toLowerCase(Locale.ROOT) + "\n" + port + "\n" + hash + "\n"
        + ext.replace("\\", "\\\\").replace("\n", "\\n") + "\n";
    return Base64.getEncoder().encodeToString(hmac(key, normalized));
  }

  static String payloadHash(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("hawk.1.payload\n" + type + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(body);
      sha.update("\n".getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Temporary(String accessToken, List<String> scopes) {}

  /** Checks a temporary-credential certificate and derives its access token, as the auth service does. */
  private static Temporary temporary(String clientId, JsonNode cert, Instant now, Function<String, TcClient> clients) {
    if (cert.isTextual()) {
      try {
        cert = JSON.readTree(cert.asText());
      } catch (Exception e) {
        throw ApiError.authentication("ext.certificate is not valid JSON");
      }
    }
    if (cert.path("version").asInt() != 1) {
      throw ApiError.authentication("ext.certificate.version must be 1");
    }
    String issuer = cert.hasNonNull("issuer") ? cert.get("issuer").asText() : clientId;
    TcClient issuerClient = clients.apply(issuer);
    if (issuerClient == null) {
      throw ApiError.authentication("ext.certificate issuer " + issuer + " does not exist");
    }
    long start = cert.path("start").asLong();
    long expiry = cert.path("expiry").asLong();
    long nowMs = now.toEpochMilli();
    if (start > nowMs + 5 * 60_000) {
      throw ApiError.authentication("ext.certificate.start > now");
    }
    if (expiry < nowMs - 5 * 60_000) {
      throw ApiError.authentication("ext.certificate.expiry < now");
    }
    if (expiry - start > 31L * 24 * 3600 * 1000) {
      throw ApiError.authentication("ext.certificate cannot last longer than 31 days");
    }
    String seed = cert.path("seed").asText();
    List<String> scopes = new ArrayList<>();
    cert.path("scopes").forEach(s -> scopes.add(s.asText()));
    StringBuilder text = new StringBuilder("version:1\n");
    if (cert.hasNonNull("issuer")) {
      text.append("clientId:").append(clientId).append('\n').append("issuer:").append(issuer).append('\n');
    }
    text.append("seed:").append(seed).append('\n').append("start:").append(start).append('\n')
        .append("expiry:").append(expiry).append('\n').append("scopes:\n").append(String.join("\n", scopes));
    String signature = Base64.getEncoder().encodeToString(hmac(issuerClient.accessToken(), text.toString()));
    if (!MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8), cert.path("signature").asText().getBytes(StandardCharsets.UTF_8))) {
      throw ApiError.authentication("ext.certificate.signature is not valid");
    }
    for (String s : scopes) {
      if (!Scopes.satisfies(issuerClient.scopes(), s)) {
        throw ApiError.authentication("ext.certificate issuer " + issuer + " does not have sufficient scopes");
      }
    }
    if (cert.hasNonNull("issuer") && !Scopes.satisfies(issuerClient.scopes(), "auth:create-client:" + clientId)) {
      throw ApiError.authentication("ext.certificate issuer " + issuer + " lacks auth:create-client:" + clientId);
    }
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(issuerClient.accessToken(), seed));
    return new Temporary(token, scopes);
  }

  private static JsonNode decodeExt(String ext) {
    if (ext == null || ext.isEmpty()) {
      return null;
    }
    try {
      String normalized = ext.replace('-', '+').replace('_', '/');
      return JSON.readTree(Base64.getMimeDecoder().decode(normalized));
    } catch (Exception e) {
      throw ApiError.authentication("Failed to parse ext");
    }
  }

  private static byte[] hmac(String key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
