package dev.fleetroll.rollout.host;

import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sliding window of host children that a rollout stage, a rollback and a finalize's revert run: at most
 * {@code slots} at once, a slot refilled the moment a child ends. {@code next} names the host to start next
 * (null when none is left), {@code held} keeps new ones from starting (those running run on), {@code stopped}
 * ends the filling.
 *
 * @param <T> what the caller starts a child for (its host record)
 * @param <C> the child's stub
 */
public final class HostWindow<T, C> {

  private final int slots;
  private final Supplier<T> next;
  private final BooleanSupplier held;
  private final BooleanSupplier stopped;
  private final Map<String, C> running = new LinkedHashMap<>();

  public HostWindow(int slots, Supplier<T> next, BooleanSupplier held, BooleanSupplier stopped) {
    this.slots = slots;
    this.next = next;
    this.held = held;
    this.stopped = stopped;
  }

  /** Fills the window until every host has ended (true) or it is stopped (false); {@code afterStarts} follows each fill. */
  public boolean run(Consumer<T> start, Runnable afterStarts) {
    while (true) {
      Workflow.await(this::canMove);
      if (stopped.getAsBoolean()) {
        return false;
      }
      if (done()) {
        return true;
      }
      startWhileFree(start);
      afterStarts.run();
    }
  }

  /** Whether the window can move on: stopped, a host can start, or every host has ended. */
  public boolean canMove() {
    return stopped.getAsBoolean() || (!held.getAsBoolean() && running.size() < slots && next.get() != null) || done();
  }

  /** Nothing runs and nothing is left to start. */
  public boolean done() {
    return running.isEmpty() && next.get() == null;
  }

  /** Starts hosts while a slot is free and none holds them. */
  public void startWhileFree(Consumer<T> start) {
    T host;
    while (!held.getAsBoolean() && running.size() < slots && (host = next.get()) != null) {
      start.accept(host);
    }
  }

  /** A child started for {@code host}: it holds a slot until {@code ended} completes, then {@code then} hears how. */
  public void track(String host, C child, Promise<HostOutcome> ended, BiConsumer<HostOutcome, RuntimeException> then) {
    running.put(host, child);
    ended.handle((outcome, failure) -> {
      running.remove(host);
      then.accept(outcome, failure);
      return null;
    });
  }

  public boolean isEmpty() {
    return running.isEmpty();
  }

  public int size() {
    return running.size();
  }

  /** The children running now, in the order they started. */
  public Collection<C> children() {
    return List.copyOf(running.values());
  }
}
