package dev.fleetroll.rollout.lease;

import dev.fleetroll.rollout.RolloutIds;
import dev.fleetroll.rollout.RolloutSpec;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host is in one running rollout or finalize only: its lease is a workflow with a fixed id ({@code
 * lease/<host>}), which Temporal refuses to start twice. The holder (a rollout or a finalize, by its id)
 * takes them at its start and signals them to end when it ends (or when an operator excludes a host).
 * Taking is asking (every lease in one go) and then awaiting the answers, so a rollout can start its canary
 * once the canary's leases are in while the server still starts the others.
 */
public final class Leases {

  private final String holder;
  private final String actor;
  private final ParentClosePolicy onClose;
  /** Leases asked for whose answer nobody awaited yet: this run's only (awaited before it can continue as new). */
  private final Map<String, Promise<WorkflowExecution>> unanswered = new LinkedHashMap<>();
  /** Leases to ask for once the workflow next waits ({@link #askSoon}); asked before any answer is awaited. */
  private final List<String> deferred = new ArrayList<>();

  /**
   * @param holder the holding workflow's id: `rollout start` ends leases whose holder no longer runs
   * @param onClose what becomes of the leases when the holder closes (a rollout's outlive its continue-as-new)
   */
  public Leases(String holder, String actor, ParentClosePolicy onClose) {
    this.holder = holder;
    this.actor = actor;
    this.onClose = onClose;
  }

  /** A rollout's leases: they outlive continue-as-new, and the rollout releases them itself. */
  public static Leases of(RolloutSpec spec) {
    return new Leases(spec.id(), spec.actor(), ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
  }

  /** Takes the lease of every host; returns those another running rollout holds. */
  public List<String> takeAll(Collection<String> hosts) {
    ask(hosts);
    return awaitEveryAnswer();
  }

  /** Asks for the lease of every host, in this order (the server starts them in it); answers come later. */
  public void ask(Collection<String> hosts) {
    for (String host : hosts) {
      LeaseWorkflow lease = Workflow.newChildWorkflowStub(LeaseWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(RolloutIds.lease(host))
          .setParentClosePolicy(onClose)
          .setStaticSummary("Lease of " + host + " for " + holder)
          .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
              .set(SearchAttributes.KIND, LeaseWorkflow.KIND)
              .set(SearchAttributes.HOST, host)
              .set(SearchAttributes.ROLLOUT_ID, holder)
              .set(SearchAttributes.ACTOR, actor)
              .build())
          .build());
      Async.procedure(lease::hold, new LeaseRequest(host, holder, actor));
      unanswered.put(host, Workflow.getWorkflowExecution(lease));
    }
  }

  /**
   * Asks for the lease of every host once the workflow next waits, from a workflow thread of its own: the commands
   * the workflow issues until then (the canary's host starts) reach the server first, so the server starts the
   * canary's pipelines before it works through hundreds of lease workflows.
   */
  public void askSoon(Collection<String> hosts) {
    deferred.addAll(hosts);
    Async.procedure(this::askDeferred);
  }

  private void askDeferred() {
    if (!deferred.isEmpty()) {
      List<String> hosts = List.copyOf(deferred);
      deferred.clear();
      ask(hosts);
    }
  }

  /** Awaits the answers for {@code hosts} (asked before); returns those another running rollout holds. */
  public List<String> awaitAnswers(Collection<String> hosts) {
    askDeferred(); // asked soon: now, if the workflow never waited since
    List<String> heldElsewhere = new ArrayList<>();
    for (String host : hosts) {
      Promise<WorkflowExecution> lease = unanswered.remove(host);
      if (lease != null && !taken(lease)) {
        heldElsewhere.add(host);
      }
    }
    return heldElsewhere;
  }

  /** Awaits every answer not awaited yet; returns the hosts another running rollout holds. */
  public List<String> awaitEveryAnswer() {
    return awaitAnswers(List.copyOf(unanswered.keySet()));
  }

  /** Ends the leases of {@code hosts}, all signalled before any is waited for. */
  public void releaseAll(Collection<String> hosts) {
    awaitAnswers(hosts); // a lease the server has not started yet would miss its signal and be held for ever
    List<Promise<Void>> signals = new ArrayList<>();
    for (String host : hosts) {
      signals.add(signal(host));
    }
    signals.forEach(Leases::settle);
  }

  /** Ends one host's lease now, so another rollout may take the host. */
  public void release(String host) {
    releaseAll(List.of(host));
  }

  private static boolean taken(Promise<WorkflowExecution> lease) {
    try {
      lease.get();
      return true;
    } catch (ChildWorkflowFailure e) {
      return false;
    }
  }

  private Promise<Void> signal(String host) {
    LeaseWorkflow lease = Workflow.newExternalWorkflowStub(LeaseWorkflow.class, RolloutIds.lease(host));
    return Async.procedure(lease::release, holder);
  }

  private static void settle(Promise<Void> signal) {
    try {
      signal.get();
    } catch (RuntimeException e) {
      // The lease is gone already (ended by hand): nothing is held.
    }
  }
}
