package dev.fleetroll.monitor;

import java.util.List;
import java.util.Locale;

/** The monitor's columns, in display order, with the names filters use. */
public enum Column {
  HOST("HOST", "host", false),
  OS("OS", "os", false),
  ROLE("ROLE", "role", false),
  VLT_SHA("VLT_SHA", "vlt_sha", false),
  OVR_SHA("OVR_SHA", "ovr_sha", false, "ovr_bch", "sha"),
  UPTIME("UPTIME", "uptime", true),
  PP_LAST("PP_LAST", "pp_last", true),
  PP_EXP("PP_EXP", "pp_exp", false),
  PP_SHA("PP_SHA", "pp_sha", false),
  PP_MATCH("PP_MATCH", "pp_match", false),
  APPLIED("APPLIED", "applied", false),
  HEALTHY("HEALTHY", "healthy", false, "health"),
  TC_QUAR("TC_QUAR", "tc_quar", false),
  TC_ACT("TC_ACT", "tc_act", true),
  TC_TASK("TC_TASK", "tc_task", true, "tc_t_dur", "tc_j_sf"),
  DATA("DATA", "data", true),
  NOTE("NOTE", "note", false),
  // Filter-only keys: not displayed.
  POOL(null, "pool", false),
  STATUS(null, "status", false),
  ERR(null, "err", false),
  WT_OVR(null, "wt_ovr", false),
  OVR_BRANCH(null, "ovr_branch", false);

  private final String header;
  private final String key;
  private final boolean time;
  private final List<String> aliases;

  Column(String header, String key, boolean time, String... aliases) {
    this.header = header;
    this.key = key;
    this.time = time;
    this.aliases = List.of(aliases);
  }

  /** Null for filter-only keys. */
  public String header() {
    return header;
  }

  public String key() {
    return key;
  }

  /** Compared as ages in seconds by filters and sorts. */
  public boolean time() {
    return time;
  }

  public static List<Column> displayed() {
    return java.util.Arrays.stream(values()).filter(c -> c.header != null).toList();
  }

  /** The column a filter names, or null. */
  public static Column byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Column c : values()) {
      if (c.key.equals(n) || c.aliases.contains(n)) {
        return c;
      }
    }
    return null;
  }

  public static String knownNames() {
    return String.join(", ", java.util.Arrays.stream(values()).map(Column::key).toList());
  }
}
