package dev.fleetroll.taskcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The vectors published with the Hawk specification (hueniverse/hawk README). */
class HawkTest {
  private static final String KEY = "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn";

  @Test
  void macOfAGetRequestMatchesTheSpecification() {
    String mac = Hawk.mac(KEY, 1353832234L, "j4h3g2", "GET", "/resource/1?b=1&a=2", "example.com", 8000, null,
        "some-app-ext-data");
    assertThat(mac).isEqualTo("6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=");
  }

  @Test
  void payloadHashAndMacOfAPostMatchTheSpecification() {
    String hash = Hawk.payloadHash("text/plain", "Thank you for flying Hawk".getBytes(StandardCharsets.UTF_8));
    assertThat(hash).isEqualTo("Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=");
    String mac = Hawk.mac(KEY, 1353832234L, "j4h3g2", "POST", "/resource/1?b=1&a=2", "example.com", 8000, hash,
        "some-app-ext-data");
    assertThat(mac).isEqualTo("aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw=");
  }

  @Test
  void headerCarriesEveryAttributeQuoted() {
    String header = Hawk.header("dh37fgj492je", KEY, 1353832234L, "j4h3g2", "GET", "/resource/1?b=1&a=2",
        "example.com", 8000, null, "some-app-ext-data");
    assertThat(header).isEqualTo("Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", "
        + "ext=\"some-app-ext-data\", mac=\"6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=\"");
  }
}
