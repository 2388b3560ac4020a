package dev.fleetroll.rollout.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetroll.rollout.schedule.Freeze;
import dev.fleetroll.temporal.SearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The team's freeze book: validated changes, each announced to the running rollouts, audited. */
class FreezeWorkflowTest {

  static final List<TeamFreezes> announced = new ArrayList<>();

  static final class Announcements implements FreezeActivities {
    @Override
    public TeamFreezes teamFreezes() {
      throw new UnsupportedOperationException("rollouts read the book, not the freeze workflow");
    }

    @Override
    public int announce(TeamFreezes freezes) {
      synchronized (announced) {
        announced.add(freezes);
      }
      return 0;
    }
  }

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerSearchAttribute(SearchAttributes.KIND.getName(), SearchAttributes.KIND.getValueType())
      .registerWorkflowImplementationTypes(FreezeWorkflowImpl.class)
      .setActivityImplementations(new Announcements())
      .build();

  @Test
  void changesAreValidatedAnnouncedAndAudited(TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    synchronized (announced) {
      announced.clear();
    }
    FreezeWorkflow book = client.newWorkflowStub(FreezeWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(FreezeWorkflow.ID).setTaskQueue(options.getTaskQueue()).build());
    WorkflowClient.start(book::run, FreezeBook.EMPTY);
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());

    assertThatThrownBy(() -> book.add(FreezeChange.add("bob", now, now.plus(Duration.ofHours(1)), " ")))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("needs a reason");
    assertThatThrownBy(() -> book.add(FreezeChange.add("bob", now.minus(Duration.ofHours(2)), now.minusSeconds(60), "x")))
        .rootCause().hasMessageContaining("which has passed");
    assertThatThrownBy(() -> book.remove(FreezeChange.remove("bob", "freeze-9", "typo")))
        .rootCause().hasMessageContaining("no team freeze freeze-9");

    Freeze added = book.add(FreezeChange.add("bob", now, now.plus(Duration.ofDays(2)), "release weekend"));
    assertThat(added.id()).isEqualTo("freeze-1");
    Freeze second = book.add(FreezeChange.add("carol", now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(4)), "incident"));
    book.remove(FreezeChange.remove("dave", "freeze-1", "release went out early"));

    FreezeBook after = book.book();
    assertThat(after.freezes()).containsExactly(second);
    assertThat(after.revision()).isEqualTo(3);
    assertThat(after.audit()).extracting(FreezeRecord::kind, FreezeRecord::id, FreezeRecord::actor, FreezeRecord::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("add", "freeze-1", "bob", "release weekend"),
            org.assertj.core.groups.Tuple.tuple("add", "freeze-2", "carol", "incident"),
            org.assertj.core.groups.Tuple.tuple("remove", "freeze-1", "dave", "release went out early"));
    for (int i = 0; i < 50 && lastAnnounced() < 3; i++) {
      Thread.sleep(100);
    }
    assertThat(lastAnnounced()).as("the latest book reaches the rollouts").isEqualTo(3);
    synchronized (announced) {
      assertThat(announced.getLast().freezes()).containsExactly(second);
    }
    java.nio.file.Path saved = java.nio.file.Path.of("target/recorded-histories/freezes-added-removed.json");
    java.nio.file.Files.createDirectories(saved.getParent());
    java.nio.file.Files.writeString(saved, client.fetchHistory(FreezeWorkflow.ID).toJson(true)); // for ReplayTest
  }

  private static long lastAnnounced() {
    synchronized (announced) {
      return announced.isEmpty() ? 0 : announced.getLast().revision();
    }
  }
}
