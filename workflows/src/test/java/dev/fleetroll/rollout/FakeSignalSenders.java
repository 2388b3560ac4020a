package dev.fleetroll.rollout;

import java.util.ArrayList;
import java.util.List;

/** The senders of signals, as a test sets them: {@link #identity} for every signal, null when none is known. */
final class FakeSignalSenders implements SignalSenders {

  volatile String identity;
  final List<String> asked = new ArrayList<>();

  @Override
  public synchronized String identity(String signalName, int index) {
    asked.add(signalName + "#" + index);
    return identity;
  }

  synchronized void reset() {
    identity = null;
    asked.clear();
  }
}
