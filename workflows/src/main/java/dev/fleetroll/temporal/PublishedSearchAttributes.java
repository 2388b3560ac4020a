package dev.fleetroll.temporal;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The search attributes a workflow keeps up to date for the Web UI. Every upsert is a history event, so
 * only values that changed since the last {@link #upsert()} are sent; empty values are never sent.
 */
public final class PublishedSearchAttributes {

  private final Map<String, Object> published = new HashMap<>();
  private final List<SearchAttributeUpdate<?>> changes = new ArrayList<>();

  public <T> PublishedSearchAttributes set(SearchAttributeKey<T> key, T value) {
    if (value != null && !"".equals(value) && !Objects.equals(published.get(key.getName()), value)) {
      published.put(key.getName(), value);
      changes.add(key.valueSet(value));
    }
    return this;
  }

  /** Sends what changed, in one upsert. */
  public void upsert() {
    if (!changes.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(changes.toArray(SearchAttributeUpdate[]::new));
      changes.clear();
    }
  }
}
