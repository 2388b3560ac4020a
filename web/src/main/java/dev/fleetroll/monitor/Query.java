package dev.fleetroll.monitor;

import dev.fleetroll.Durations;
import dev.fleetroll.InputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The monitor's query language (fleetroll-mvp-facts.md §7.4): whitespace-separated conditions, all
 * of which must hold, {@code COLUMN OP VALUE} with {@code >= <= != > < = ~}; {@code =}/{@code !=}
 * take {@code a|b} alternatives and an empty value means "empty"; ages compare in seconds; plus
 * {@code sort:COL[:asc|desc][,COL...]}. Unlike the MVP a malformed token or unknown column is an
 * error, and {@code ovr_sha=<branch>} matches the branch.
 */
public final class Query {

  private static final String[] OPERATORS = {">=", "<=", "!=", ">", "<", "=", "~"};

  private record Condition(Column column, String op, String value) {}

  private record SortKey(Column column, boolean descending) {}

  private final List<Condition> conditions;
  private final List<SortKey> sort;
  private final String text;

  private Query(String text, List<Condition> conditions, List<SortKey> sort) {
    this.text = text;
    this.conditions = conditions;
    this.sort = sort;
  }

  public static Query parse(String text) {
    List<Condition> conditions = new ArrayList<>();
    List<SortKey> sort = new ArrayList<>();
    String source = text == null ? "" : text.strip();
    if (!source.isEmpty()) {
      for (String token : source.split("\\s+")) {
        if (token.toLowerCase(Locale.ROOT).startsWith("sort:")) {
          for (String part : token.substring(5).split(",")) {
            String[] bits = part.split(":");
            Column col = column(bits[0], token);
            boolean desc = bits.length > 1 && bits[1].equalsIgnoreCase("desc");
            if (bits.length > 1 && !bits[1].equalsIgnoreCase("asc") && !desc) {
              throw new InputException("filter: '" + token + "': sort direction must be asc or desc");
            }
            sort.add(new SortKey(col, desc));
          }
          continue;
        }
        int best = -1;
        String op = null;
        for (String candidate : OPERATORS) {
          int at = token.indexOf(candidate);
          if (at > 0 && (best < 0 || at < best)) {
            best = at;
            op = candidate;
          }
        }
        if (op == null) {
          throw new InputException("filter: '" + token + "' is not COLUMN OP VALUE (ops: >= <= != > < = ~) or sort:COL");
        }
        conditions.add(new Condition(column(token.substring(0, best), token), op, token.substring(best + op.length())));
      }
    }
    return new Query(source, conditions, sort);
  }

  public String text() {
    return text;
  }

  public boolean hasSort() {
    return !sort.isEmpty();
  }

  public boolean matches(MonitorRow row) {
    for (Condition c : conditions) {
      if (!holds(c, row.cell(c.column()))) {
        return false;
      }
    }
    return true;
  }

  /** Rows that match, sorted by the query's sort keys (stable; unknown values last). */
  public List<MonitorRow> apply(List<MonitorRow> rows) {
    List<MonitorRow> out = new ArrayList<>(rows.stream().filter(this::matches).toList());
    if (!sort.isEmpty()) {
      out.sort(comparator(sort));
    }
    return out;
  }

  /** Sorting by one column ascending, for the CLI's {@code --sort}. */
  public static Comparator<MonitorRow> by(Column column, boolean descending) {
    return comparator(List.of(new SortKey(column, descending)));
  }

  private static Comparator<MonitorRow> comparator(List<SortKey> keys) {
    Comparator<MonitorRow> result = (a, b) -> 0;
    for (SortKey key : keys) {
      result = result.thenComparing((a, b) -> {
        Cell x = a.cell(key.column());
        Cell y = b.cell(key.column());
        if (x.unknown() || y.unknown()) {
          return Boolean.compare(x.unknown(), y.unknown());
        }
        int cmp;
        if (key.column().time() && x.seconds() != null && y.seconds() != null) {
          cmp = Long.compare(x.seconds(), y.seconds());
        } else {
          cmp = x.text().compareToIgnoreCase(y.text());
        }
        return key.descending() ? -cmp : cmp;
      });
    }
    return result;
  }

  private static boolean holds(Condition c, Cell cell) {
    String text = cell.text() == null ? "" : cell.text();
    String value = c.value();
    switch (c.op()) {
      case "=" -> {
        if (value.isEmpty()) {
          return cell.empty();
        }
        for (String alt : value.split("\\|")) {
          if (equalsCell(c.column(), text, alt)) {
            return true;
          }
        }
        return false;
      }
      case "!=" -> {
        if (value.isEmpty()) {
          return !cell.empty();
        }
        for (String alt : value.split("\\|")) {
          if (equalsCell(c.column(), text, alt)) {
            return false;
          }
        }
        return true;
      }
      case "~" -> {
        return text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
      }
      default -> {
        int cmp;
        if (c.column().time()) {
          Long want = Durations.parseSeconds(value);
          if (want == null) {
            throw new InputException("filter: '" + c.column().key() + c.op() + value + "': '" + value
                + "' is not an age (e.g. 30s, 90m, 20h, 2d, 1h30m)");
          }
          if (cell.seconds() == null) {
            return false;
          }
          cmp = Long.compare(cell.seconds(), want);
        } else {
          if (cell.unknown()) {
            return false;
          }
          cmp = text.compareToIgnoreCase(value);
        }
        return switch (c.op()) {
          case ">" -> cmp > 0;
          case "<" -> cmp < 0;
          case ">=" -> cmp >= 0;
          default -> cmp <= 0;
        };
      }
    }
  }

  private static boolean equalsCell(Column column, String text, String value) {
    if (text.equalsIgnoreCase(value)) {
      return true;
    }
    if (column == Column.OVR_SHA && !text.equals("-")) {
      // "branch (sha8)[ *wt]": the branch alone or the sha prefix alone also match.
      int paren = text.indexOf(" (");
      String branch = paren > 0 ? text.substring(0, paren) : null;
      String sha = paren > 0 ? text.substring(paren + 2, text.indexOf(')', paren)) : text.split(" ")[0];
      return value.equalsIgnoreCase(branch) || (value.length() >= 4 && sha.toLowerCase(Locale.ROOT).startsWith(value.toLowerCase(Locale.ROOT)));
    }
    return false;
  }

  private static Column column(String name, String token) {
    Column c = Column.byName(name);
    if (c == null) {
      throw new InputException("filter: unknown column '" + name + "' in '" + token + "' (known: " + Column.knownNames() + ")");
    }
    return c;
  }
}
