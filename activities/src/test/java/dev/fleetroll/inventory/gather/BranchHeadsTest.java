package dev.fleetroll.inventory.gather;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetroll.github.BranchHead;
import dev.fleetroll.github.BranchRef;
import dev.fleetroll.github.GitHubClient;
import dev.fleetroll.sim.github.GitHub;
import dev.fleetroll.sim.github.GitHubServer;
import dev.fleetroll.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Branch heads read from the simulated GitHub's REST API (real HTTP) into a real store. */
class BranchHeadsTest {
  private static final String FORK = "https://github.com/relops/ronin_puppet.git";
  private static final BranchRef TOPIC = new BranchRef("relops", "ronin_puppet", "aerickson/san-juan");

  @TempDir Path dir;
  private GitHub github;
  private GitHubServer server;
  private Store store;

  @BeforeEach
  void start() throws Exception {
    github = new GitHub(dir.resolve("heads"));
    server = new GitHubServer(github, "ghp_token");
    store = Store.open(dir.resolve("store"));
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void anUnmovedBranchIsANotModifiedReadAndAMovedOneANewHeadSinceItsRead() {
    github.push(FORK, TOPIC.branch());
    BranchHeads heads = new BranchHeads(new GitHubClient(new GitHubClient.Settings(server.apiUrl(), "ghp_token")), store);

    assertThat(heads.gather(List.of(BranchRef.UPSTREAM, TOPIC))).containsEntry("ok", 2);
    BranchHead first = store.latestBranchHead(TOPIC);
    assertThat(first.sha()).isEqualTo(github.head(FORK, TOPIC.branch()).orElseThrow());
    assertThat(first.etag()).startsWith("W/");

    assertThat(heads.gather(List.of(TOPIC))).containsEntry("ok (not modified)", 1);
    BranchHead again = store.latestBranchHead(TOPIC);
    assertThat(again.notModified()).isTrue();
    assertThat(again.sha()).isEqualTo(first.sha());
    assertThat(again.since()).isEqualTo(first.since());
    int remaining = again.rateLimit().remaining();

    String moved = github.push(FORK, TOPIC.branch());
    heads.gather(List.of(TOPIC));
    BranchHead after = store.latestBranchHead(TOPIC);
    assertThat(after.sha()).isEqualTo(moved);
    assertThat(after.notModified()).isFalse();
    assertThat(after.since()).isAfter(first.since());
    assertThat(after.rateLimit().remaining()).as("the 304 was free with a token, the new head cost one").isEqualTo(remaining - 1);
  }

  @Test
  void aMissingBranchIsNotFoundAndASpentLimitStopsRequestsUntilItsReset() {
    github.push(FORK, TOPIC.branch());
    server.setAnonymousLimit(2);
    GitHubClient client = new GitHubClient(new GitHubClient.Settings(server.apiUrl(), null));
    BranchHeads heads = new BranchHeads(client, store);

    Map<String, Integer> counts = heads.gather(List.of(TOPIC, new BranchRef("relops", "ronin_puppet", "gone")));
    assertThat(counts).containsEntry("ok", 1).containsEntry("not_found", 1);
    assertThat(client.rateLimit().remaining()).isZero();
    assertThat(client.rateLimit().low()).isTrue();

    String moved = github.push(FORK, TOPIC.branch());
    assertThat(heads.gather(List.of(TOPIC))).containsEntry("rate_limited", 1);
    BranchHead limited = store.latestBranchHead(TOPIC);
    assertThat(limited.sha()).as("the last known head is kept").isNotEqualTo(moved);
    assertThat(limited.error()).contains("rate limit spent until");
  }

  @Test
  void aHostsExpectedBranchIsItsOverridesGitHubBranchOrUpstreamMaster() {
    assertThat(BranchRef.of("https://github.com/relops/ronin_puppet.git", "topic")).isEqualTo(new BranchRef("relops", "ronin_puppet", "topic"));
    assertThat(BranchRef.of("git@github.com:relops/ronin_puppet.git", "a/b")).isEqualTo(new BranchRef("relops", "ronin_puppet", "a/b"));
    assertThat(BranchRef.of("https://gitlab.com/relops/ronin_puppet.git", "topic")).isNull();
    assertThat(BranchRef.of("https://github.com/relops/ronin_puppet.git", null)).isNull();
  }
}
