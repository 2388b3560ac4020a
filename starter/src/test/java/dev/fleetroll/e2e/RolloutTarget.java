package dev.fleetroll.e2e;

import io.temporal.client.WorkflowClient;
import java.util.Map;

/** Where a test's rollouts run: the Temporal the CLI is pointed at, and a client that queries the rollouts. */
interface RolloutTarget {

  /** Runs {@code fleetroll <args>} as its own process against this Temporal, with {@code environment} added. */
  CliRun cli(Map<String, String> environment, String... args);

  WorkflowClient client();
}
