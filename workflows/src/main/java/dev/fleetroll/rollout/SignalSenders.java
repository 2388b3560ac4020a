package dev.fleetroll.rollout;

import io.temporal.activity.ActivityInterface;

/**
 * Who sent a signal. Temporal records the sender's identity (the {@code temporal} CLI's
 * {@code temporal-cli:user@host}, the Web UI's user) in the workflow's history but does not hand it
 * to the signal's handler: a local activity reads it there, and its answer is recorded for replay.
 */
@ActivityInterface
public interface SignalSenders {

  /**
   * The identity recorded with the {@code index}-th (from 0) signal named {@code signalName} in the
   * calling workflow run's history, or null when there is none.
   */
  String identity(String signalName, int index);
}
