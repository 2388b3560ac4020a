package dev.fleetroll.rollout.freeze;

import dev.fleetroll.rollout.schedule.Freeze;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps the freeze book: applies each change, then announces the new freezes to the running rollouts (one
 * activity per change; a burst of changes is announced once with the latest). Ended freezes go at the next
 * change. Continues as new when its history grows long, carrying the book.
 */
public final class FreezeWorkflowImpl implements FreezeWorkflow {

  static final int HISTORY_LIMIT = 2000;
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final FreezeActivities activities = Workflow.newActivityStub(FreezeActivities.class, ActivityOptions.newBuilder()
      .setSummary("Tell the running rollouts the team's freezes")
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .build());
  private FreezeBook book = FreezeBook.EMPTY;
  private long announced;

  @Override
  public void run(FreezeBook carried) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.KIND.valueSet(KIND));
    book = carried != null ? carried : FreezeBook.EMPTY;
    announced = book.revision();
    details();
    while (true) {
      Workflow.await(() -> book.revision() > announced || Workflow.getInfo().isContinueAsNewSuggested()
          || Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT);
      if (book.revision() > announced) {
        announced = book.revision();
        activities.announce(book.current());
        continue;
      }
      Workflow.await(Workflow::isEveryHandlerFinished);
      if (book.revision() == announced) {
        Workflow.continueAsNew(book);
      }
    }
  }

  @Override
  public Freeze add(FreezeChange c) {
    Instant now = now();
    String id = "freeze-" + (book.counter() + 1);
    Freeze freeze = new Freeze(id, c.from(), c.to(), c.reason().strip(), c.actor(), now);
    List<Freeze> freezes = new ArrayList<>(kept(now));
    freezes.add(freeze);
    change(book.counter() + 1, freezes, new FreezeRecord("add", id, c.actor(), now, freeze.reason(), c.from(), c.to()));
    return freeze;
  }

  @Override
  public void validateAdd(FreezeChange c) {
    actor(c);
    if (c.reason() == null || c.reason().isBlank()) {
      throw new IllegalArgumentException("a freeze needs a reason (--reason TEXT): status shows it to everyone it holds");
    }
    if (c.from() == null || c.to() == null || !c.to().isAfter(c.from())) {
      throw new IllegalArgumentException("a freeze needs --from before --to");
    }
    if (!c.to().isAfter(now())) {
      throw new IllegalArgumentException("the freeze would end at " + UTC.format(c.to()) + ", which has passed");
    }
  }

  @Override
  public Freeze remove(FreezeChange c) {
    Instant now = now();
    Freeze gone = find(c.id());
    List<Freeze> freezes = new ArrayList<>(kept(now));
    freezes.removeIf(f -> f.id().equals(c.id()));
    change(book.counter(), freezes, new FreezeRecord("remove", c.id(), c.actor(), now, c.reason(), gone.from(), gone.to()));
    return gone;
  }

  @Override
  public void validateRemove(FreezeChange c) {
    actor(c);
    if (find(c.id()) == null) {
      throw new IllegalArgumentException("no team freeze " + c.id() + " (fleetroll freeze list shows them)");
    }
  }

  @Override
  public FreezeBook book() {
    return book;
  }

  private void change(long counter, List<Freeze> freezes, FreezeRecord record) {
    List<FreezeRecord> audit = new ArrayList<>(book.audit());
    audit.add(record);
    book = new FreezeBook(book.revision() + 1, counter, List.copyOf(freezes), List.copyOf(audit));
    details();
  }

  /** The freezes that have not ended. */
  private List<Freeze> kept(Instant now) {
    return book.freezes().stream().filter(f -> f.to().isAfter(now)).toList();
  }

  private Freeze find(String id) {
    return book.freezes().stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
  }

  private void details() {
    StringBuilder md = new StringBuilder(book.freezes().isEmpty() ? "No team freeze." : "| id | from | to | reason | by |\n|---|---|---|---|---|\n");
    for (Freeze f : book.freezes()) {
      md.append("| ").append(f.id()).append(" | ").append(UTC.format(f.from())).append(" | ").append(UTC.format(f.to()))
          .append(" | ").append(f.reason()).append(" | ").append(f.actor()).append(" |\n");
    }
    Workflow.setCurrentDetails(md.toString());
  }

  private static void actor(FreezeChange c) {
    if (c == null || c.actor() == null || c.actor().isBlank()) {
      throw new IllegalArgumentException("a change needs the actor who makes it");
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
