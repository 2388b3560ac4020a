package dev.fleetroll.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HumanHashTest {
  @Test
  void wordListIsHumanhashsDefault() {
    assertThat(HumanHash.WORDS).hasSize(256).doesNotHaveDuplicates().isSorted();
    assertThat(HumanHash.WORDS.subList(0, 4)).containsExactly("ack", "alabama", "alanine", "alaska");
    assertThat(HumanHash.WORDS.subList(252, 256)).containsExactly("yankee", "yellow", "zebra", "zulu");
  }

  @Test
  void matchesTheLibrarysDocumentedExamples() {
    assertThat(HumanHash.humanize("60ad8d0d871b6095808297", 4)).isEqualTo("sodium-magnesium-nineteen-hydrogen");
    assertThat(HumanHash.compress(new byte[] {96, (byte) 173, (byte) 141, 13, (byte) 135, 27, 96, (byte) 149,
        (byte) 128, (byte) 130, (byte) 151}, 4)).containsExactly(205, 128, 156, 96);
  }

  @Test
  void twoWordsFoldHalvesOfASha256() {
    // First 16 bytes XOR to 0x01, last 16 to 0xff: word 1 and word 255.
    String digest = "01" + "00".repeat(15) + "ff" + "00".repeat(15);
    assertThat(HumanHash.of(digest)).isEqualTo("alabama-zulu");
  }

  @Test
  void refusesMoreWordsThanBytes() {
    assertThatThrownBy(() -> HumanHash.humanize("abcd", 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
