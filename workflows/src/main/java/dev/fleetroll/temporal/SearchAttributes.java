package dev.fleetroll.temporal;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Every custom search attribute Fleetroll upserts, in one place: workflows use the keys, and
 * {@code fleetroll namespace setup} registers {@link #ALL} on a namespace (the dev server's, a cluster's). The SQLite visibility
 * store has room for ten Keyword and three Int attributes; this set stays inside that.
 */
public final class SearchAttributes {
  /** What a workflow is: {@code ping}, {@code rollout}, {@code host}, {@code lease}. */
  public static final SearchAttributeKey<String> KIND = SearchAttributeKey.forKeyword("FleetrollKind");
  /** Who started it (FLEETROLL_ACTOR / SUDO_USER / USER). */
  public static final SearchAttributeKey<String> ACTOR = SearchAttributeKey.forKeyword("FleetrollActor");
  /** The rollout a host workflow belongs to. */
  public static final SearchAttributeKey<String> ROLLOUT_ID = SearchAttributeKey.forKeyword("FleetrollRolloutId");
  public static final SearchAttributeKey<String> ROLLOUT_STATE = SearchAttributeKey.forKeyword("FleetrollRolloutState");
  public static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("FleetrollStage");
  public static final SearchAttributeKey<String> OVERRIDE_SHA = SearchAttributeKey.forKeyword("FleetrollOverrideSha");
  public static final SearchAttributeKey<String> HOST = SearchAttributeKey.forKeyword("FleetrollHost");
  public static final SearchAttributeKey<String> HOST_STEP = SearchAttributeKey.forKeyword("FleetrollHostStep");
  public static final SearchAttributeKey<Long> HOSTS_TOTAL = SearchAttributeKey.forLong("FleetrollHostsTotal");
  public static final SearchAttributeKey<Long> HOSTS_DONE = SearchAttributeKey.forLong("FleetrollHostsDone");
  public static final SearchAttributeKey<Long> HOSTS_FAILED = SearchAttributeKey.forLong("FleetrollHostsFailed");

  public static final List<SearchAttributeKey<?>> ALL = List.of(
      KIND, ACTOR, ROLLOUT_ID, ROLLOUT_STATE, STAGE, OVERRIDE_SHA, HOST, HOST_STEP,
      HOSTS_TOTAL, HOSTS_DONE, HOSTS_FAILED);

  private SearchAttributes() {}

  /** A type as Temporal's tools spell it ({@code temporal operator search-attribute create --type Keyword}). */
  public static String typeName(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      case INDEXED_VALUE_TYPE_TEXT -> "Text";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      default -> throw new IllegalArgumentException("unsupported search attribute type " + type);
    };
  }

}
