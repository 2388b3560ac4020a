package dev.fleetroll.sim.taskcluster;

import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Taskcluster task ids: "nice" slugids, i.e. a random (version 4) UUID in URL-safe base64 without
 * padding, with the first bit cleared so the id never starts with '-'.
 */
public final class Slugid {
  private Slugid() {}

  public static String nice(RandomGenerator random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    b[0] = (byte) (b[0] & 0x7f);          // nice: no leading '-'
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
