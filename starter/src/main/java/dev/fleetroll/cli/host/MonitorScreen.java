package dev.fleetroll.cli.host;

import dev.fleetroll.InputException;
import dev.fleetroll.cli.Style;
import dev.fleetroll.monitor.Column;
import dev.fleetroll.monitor.FleetSnapshot;
import dev.fleetroll.monitor.MonitorRow;
import dev.fleetroll.monitor.NamedFilters;
import dev.fleetroll.monitor.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The live monitor (fleetroll-mvp-facts.md §7.3): the table scrolls both ways with HOST frozen (an
 * indicator tells which columns are shown, none is dropped silently), a {@code /} filter bar with
 * history, sort and column toggles, named and recent filters, a help popup. JLine's {@link Display}
 * redraws only what changed, so the screen never flickers; the store is read again every 2 s.
 */
final class MonitorScreen {

  private enum Op {
    QUIT, DOWN, UP, PAGE_DOWN, PAGE_UP, TOP, BOTTOM, LEFT, RIGHT, SORT, REVERSE, OVERRIDES, OS, COLUMNS, FILTER,
    CLEAR_FILTER, HELP, REDRAW, PICKER,
    INSERT, BACKSPACE, DELETE, HOME, END, CLEAR_LINE, ACCEPT, CANCEL
  }

  private enum Mode { TABLE, FILTER, HELP, COLUMNS, PICKER }

  private static final long RELOAD_NANOS = 2_000_000_000L;
  private static final long MESSAGE_NANOS = 3_000_000_000L;
  private static final String[] OS_CYCLE = {null, "L", "M"};

  private final Terminal terminal;
  private final Supplier<FleetSnapshot> load;
  private final int totalHosts;
  private final FilterHistory history;
  private final List<NamedFilters.NamedFilter> named;
  private final Style style = new Style(true);
  private final Display display;
  private final BindingReader reader;
  private final KeyMap<Op> tableKeys = new KeyMap<>();
  private final KeyMap<Op> lineKeys = new KeyMap<>();
  private final KeyMap<Op> anyKey = new KeyMap<>();

  private FleetSnapshot snapshot;
  private long loadedAt;
  private Query query;
  private Column sort;
  private boolean descending;
  private boolean overridesOnly;
  private int os;
  private final Set<Column> hidden = EnumSet.noneOf(Column.class);
  private int top;
  private int firstColumn;
  private Mode mode = Mode.TABLE;
  private final StringBuilder line = new StringBuilder();
  private int cursor;
  private int historyIndex;
  private int picked;
  private String message;
  private long messageAt;
  private volatile boolean interrupted;
  private Size size = new Size(0, 0);

  MonitorScreen(Terminal terminal, Supplier<FleetSnapshot> load, int totalHosts, Query query, Column sort,
      boolean descending, FilterHistory history, List<NamedFilters.NamedFilter> named) {
    this.terminal = terminal;
    this.load = load;
    this.totalHosts = totalHosts;
    this.query = query;
    this.sort = sort;
    this.descending = descending;
    this.history = history;
    this.named = named;
    this.display = new Display(terminal, true);
    this.reader = new BindingReader(terminal.reader());
    bindKeys();
  }

  private void bindKeys() {
    tableKeys.bind(Op.QUIT, "q", "Q", KeyMap.ctrl('C'));
    tableKeys.bind(Op.DOWN, "j", "\033[B", "\033OB");
    tableKeys.bind(Op.UP, "k", "\033[A", "\033OA");
    tableKeys.bind(Op.PAGE_DOWN, " ", "\033[6~", KeyMap.ctrl('F'));
    tableKeys.bind(Op.PAGE_UP, "b", "\033[5~", KeyMap.ctrl('B'));
    tableKeys.bind(Op.TOP, "g", "\033[H", "\033OH", "\033[1~");
    tableKeys.bind(Op.BOTTOM, "G", "\033[F", "\033OF", "\033[4~");
    tableKeys.bind(Op.LEFT, "h", "\033[D", "\033OD");
    tableKeys.bind(Op.RIGHT, "l", "\033[C", "\033OC");
    tableKeys.bind(Op.SORT, "s");
    tableKeys.bind(Op.REVERSE, "S");
    tableKeys.bind(Op.OVERRIDES, "o");
    tableKeys.bind(Op.OS, "O");
    tableKeys.bind(Op.COLUMNS, "c");
    tableKeys.bind(Op.FILTER, "/");
    tableKeys.bind(Op.CLEAR_FILTER, "\\");
    tableKeys.bind(Op.HELP, "?");
    tableKeys.bind(Op.REDRAW, "r", KeyMap.ctrl('L'));
    tableKeys.bind(Op.PICKER, "f");
    tableKeys.setAmbiguousTimeout(100);

    for (char c = 32; c < 127; c++) {
      lineKeys.bind(Op.INSERT, String.valueOf(c));
    }
    lineKeys.setUnicode(Op.INSERT);
    lineKeys.bind(Op.ACCEPT, "\r", "\n");
    lineKeys.bind(Op.CANCEL, "\033", KeyMap.ctrl('G'), KeyMap.ctrl('C'));
    lineKeys.bind(Op.BACKSPACE, "\177", KeyMap.ctrl('H'));
    lineKeys.bind(Op.DELETE, "\033[3~", KeyMap.ctrl('D'));
    lineKeys.bind(Op.LEFT, "\033[D", "\033OD");
    lineKeys.bind(Op.RIGHT, "\033[C", "\033OC");
    lineKeys.bind(Op.HOME, "\033[H", "\033OH", "\033[1~", KeyMap.ctrl('A'));
    lineKeys.bind(Op.END, "\033[F", "\033OF", "\033[4~", KeyMap.ctrl('E'));
    lineKeys.bind(Op.CLEAR_LINE, KeyMap.ctrl('U'));
    lineKeys.bind(Op.UP, "\033[A", "\033OA");
    lineKeys.bind(Op.DOWN, "\033[B", "\033OB");
    lineKeys.setAmbiguousTimeout(100);

    anyKey.setNomatch(Op.CANCEL);
    anyKey.setUnicode(Op.CANCEL);
    for (char c = 0; c < 127; c++) {
      anyKey.bind(Op.CANCEL, String.valueOf(c));
    }
    anyKey.setAmbiguousTimeout(100);
  }

  /** Runs until q (or Ctrl-C); restores the terminal whatever happens. */
  void run() throws IOException {
    Attributes saved = terminal.enterRawMode();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> interrupted = true);
    terminal.puts(Capability.enter_ca_mode);
    terminal.puts(Capability.keypad_xmit);
    terminal.puts(Capability.cursor_invisible);
    terminal.flush();
    try {
      reload();
      while (!interrupted) {
        draw();
        int c = reader.peekCharacter(500);
        if (c == NonBlockingReader.EOF) {
          return;
        }
        if (c != NonBlockingReader.READ_EXPIRED && !handle()) {
          return;
        }
        if (System.nanoTime() - loadedAt > RELOAD_NANOS) {
          reload();
        }
      }
    } finally {
      terminal.puts(Capability.cursor_visible);
      terminal.puts(Capability.keypad_local);
      terminal.puts(Capability.exit_ca_mode);
      terminal.handle(Terminal.Signal.INT, previous);
      terminal.setAttributes(saved);
      terminal.flush();
    }
  }

  private void reload() {
    snapshot = load.get();
    loadedAt = System.nanoTime();
  }

  // ---- keys -------------------------------------------------------------------------------------

  /** @return false to quit */
  private boolean handle() throws IOException {
    switch (mode) {
      case FILTER -> editFilter(reader.readBinding(lineKeys));
      case HELP -> {
        reader.readBinding(anyKey);
        mode = Mode.TABLE;
      }
      case COLUMNS -> toggleColumn(reader.readBinding(anyKey) == null ? "" : reader.getLastBinding());
      case PICKER -> pick(reader.readBinding(lineKeys));
      case TABLE -> {
        Op op = reader.readBinding(tableKeys);
        return op == null || table(op);
      }
    }
    return true;
  }

  private boolean table(Op op) {
    int page = Math.max(1, bodyHeight());
    switch (op) {
      case QUIT -> {
        return false;
      }
      case DOWN -> top++;
      case UP -> top--;
      case PAGE_DOWN -> top += page;
      case PAGE_UP -> top -= page;
      case TOP -> top = 0;
      case BOTTOM -> top = Integer.MAX_VALUE;
      case LEFT -> firstColumn--;
      case RIGHT -> firstColumn++;
      case SORT, REVERSE -> {
        if (query.hasSort()) {
          say("the filter sorts (sort:): '" + (op == Op.SORT ? "s" : "S") + "' has no effect");
        } else if (op == Op.SORT) {
          List<Column> columns = Column.displayed();
          sort = columns.get((columns.indexOf(sort) + 1) % columns.size());
          descending = false;
        } else {
          descending = !descending;
        }
      }
      case OVERRIDES -> {
        overridesOnly = !overridesOnly;
        top = 0;
      }
      case OS -> {
        os = (os + 1) % OS_CYCLE.length;
        top = 0;
      }
      case COLUMNS -> mode = Mode.COLUMNS;
      case FILTER -> openFilter();
      case CLEAR_FILTER -> {
        query = Query.parse("");
        top = 0;
      }
      case HELP -> mode = Mode.HELP;
      case REDRAW -> {
        display.clear();
        reload();
      }
      case PICKER -> {
        if (pickerEntries().isEmpty()) {
          say("no named or recent filters yet");
        } else {
          mode = Mode.PICKER;
          picked = 0;
        }
      }
      default -> { }
    }
    return true;
  }

  private void openFilter() {
    mode = Mode.FILTER;
    line.setLength(0);
    line.append(query.text());
    cursor = line.length();
    historyIndex = history.entries().size();
    terminal.puts(Capability.cursor_visible);
  }

  private void closeFilter() {
    mode = Mode.TABLE;
    terminal.puts(Capability.cursor_invisible);
  }

  private void editFilter(Op op) throws IOException {
    if (op == null) {
      return;
    }
    List<String> past = history.entries();
    switch (op) {
      case INSERT -> {
        String typed = reader.getLastBinding();
        line.insert(cursor, typed);
        cursor += typed.length();
      }
      case BACKSPACE -> {
        if (cursor > 0) {
          line.deleteCharAt(--cursor);
        }
      }
      case DELETE -> {
        if (cursor < line.length()) {
          line.deleteCharAt(cursor);
        }
      }
      case LEFT -> cursor = Math.max(0, cursor - 1);
      case RIGHT -> cursor = Math.min(line.length(), cursor + 1);
      case HOME -> cursor = 0;
      case END -> cursor = line.length();
      case CLEAR_LINE -> {
        line.setLength(0);
        cursor = 0;
      }
      case UP, DOWN -> {
        historyIndex = Math.max(0, Math.min(past.size(), historyIndex + (op == Op.UP ? -1 : 1)));
        line.setLength(0);
        line.append(historyIndex < past.size() ? past.get(historyIndex) : "");
        cursor = line.length();
      }
      case CANCEL -> closeFilter();
      case ACCEPT -> apply(line.toString());
      default -> { }
    }
  }

  /** Applies a filter the operator typed or picked; a bad one leaves the bar open with the reason. */
  private void apply(String text) throws IOException {
    try {
      query = Query.parse(text);
    } catch (InputException e) {
      say(e.getMessage());
      return;
    }
    if (!query.text().isEmpty()) {
      history.add(query.text());
    }
    top = 0;
    closeFilter();
  }

  private void toggleColumn(String key) {
    List<Column> choices = toggleable();
    int index = key.length() == 1 ? key.charAt(0) - 'a' : -1;
    if (index >= 0 && index < choices.size()) {
      Column c = choices.get(index);
      if (!hidden.remove(c)) {
        hidden.add(c);
      }
      firstColumn = 0;
      return;
    }
    mode = Mode.TABLE;
  }

  private static List<Column> toggleable() {
    return Column.displayed().stream().filter(c -> c != Column.HOST).toList();
  }

  /** Named filters first, then the recent ones, most recent first. */
  private List<String[]> pickerEntries() {
    List<String[]> out = new ArrayList<>();
    for (NamedFilters.NamedFilter f : named) {
      out.add(new String[] {f.name(), f.query()});
    }
    List<String> recent = history.entries();
    for (int i = recent.size() - 1; i >= 0; i--) {
      out.add(new String[] {"recent", recent.get(i)});
    }
    return out;
  }

  private void pick(Op op) throws IOException {
    List<String[]> entries = pickerEntries();
    switch (op == null ? Op.CANCEL : op) {
      case DOWN -> picked = Math.min(entries.size() - 1, picked + 1);
      case UP -> picked = Math.max(0, picked - 1);
      case ACCEPT -> {
        mode = Mode.TABLE;
        apply(entries.get(picked)[1]);
      }
      case INSERT -> {
        String k = reader.getLastBinding();
        if (k.equals("j")) {
          picked = Math.min(entries.size() - 1, picked + 1);
        } else if (k.equals("k")) {
          picked = Math.max(0, picked - 1);
        } else if (k.equals("f") || k.equals("q")) {
          mode = Mode.TABLE;
        }
      }
      case CANCEL -> mode = Mode.TABLE;
      default -> { }
    }
  }

  private void say(String text) {
    message = text;
    messageAt = System.nanoTime();
  }

  // ---- drawing ----------------------------------------------------------------------------------

  /** The rows between the two header lines and the bottom line. */
  private int bodyHeight() {
    return Math.max(1, size.getRows() - 3);
  }

  private Query effectiveQuery() {
    String extra = (overridesOnly ? " ovr_sha!=" : "") + (OS_CYCLE[os] == null ? "" : " os=" + OS_CYCLE[os]);
    return extra.isEmpty() ? query : Query.parse(query.text() + extra);
  }

  private void draw() {
    Size now = terminal.getSize();
    if (!now.equals(size)) {
      size = new Size(Math.max(20, now.getColumns()), Math.max(5, now.getRows()));
      display.resize(size.getRows(), size.getColumns());
    }
    int width = size.getColumns();
    List<MonitorRow> rows = MonitorTable.view(snapshot, effectiveQuery(), sort, descending);
    List<Column> columns = Column.displayed().stream().filter(c -> !hidden.contains(c)).toList();
    Map<Column, Integer> widths = MonitorTable.widths(rows, columns);
    List<Column> scrollable = columns.subList(1, columns.size());
    firstColumn = Math.max(0, Math.min(firstColumn, scrollable.size() - 1));
    List<Column> shown = new ArrayList<>(List.of(Column.HOST));
    int used = widths.get(Column.HOST) + 2;
    int last = firstColumn;
    for (; last < scrollable.size(); last++) {
      Column c = scrollable.get(last);
      if (used + widths.get(c) > width && shown.size() > 1) {
        break;
      }
      shown.add(c);
      used += widths.get(c) + 2;
    }
    String indicator = "[" + (firstColumn > 0 ? "◀" : " ") + " " + (last < scrollable.size() ? "▶" : " ") + " "
        + (firstColumn + 2) + "-" + (last + 1) + "/" + columns.size() + "]";

    int body = bodyHeight();
    top = Math.max(0, Math.min(top, rows.size() - body));
    List<AttributedString> lines = new ArrayList<>();
    lines.add(fit(header(rows.size(), indicator), width));
    lines.add(fit(MonitorTable.header(shown, widths, style), width));
    for (int i = 0; i < body; i++) {
      int r = top + i;
      lines.add(r < rows.size() ? fit(MonitorTable.line(rows.get(r), shown, widths, style), width) : AttributedString.EMPTY);
    }
    int cursorPos = -1;
    boolean saying = message != null && System.nanoTime() - messageAt < MESSAGE_NANOS;
    if (mode == Mode.FILTER) {
      if (saying) {
        lines.set(lines.size() - 1, said(width));
      }
      lines.add(fit("/" + line, width));
      cursorPos = (size.getRows() - 1) * width + Math.min(width - 1, 1 + cursor);
    } else if (saying) {
      lines.add(said(width));
    } else {
      message = null;
      lines.add(fit(style.bold(" q quit  / filter  f filters  ? help  ←→ columns  s/S sort  c columns ") + "  rows "
          + Math.min(rows.size(), top + 1) + "-" + Math.min(rows.size(), top + body) + " of " + rows.size(), width));
    }
    lines = lines.subList(0, Math.min(lines.size(), size.getRows()));
    switch (mode) {
      case HELP -> overlay(lines, help(), width);
      case COLUMNS -> overlay(lines, columnPicker(), width);
      case PICKER -> overlay(lines, picker(), width);
      default -> { }
    }
    display.update(lines, cursorPos);
    terminal.flush();
  }

  private AttributedString said(int width) {
    return new AttributedString(cut(" " + message + " ", width), AttributedStyle.INVERSE.foreground(AttributedStyle.RED));
  }

  private String header(int shownRows, String indicator) {
    StringBuilder h = new StringBuilder(style.bold("fleetroll monitor")).append("  hosts=").append(shownRows)
        .append('/').append(totalHosts);
    if (!snapshot.suffix().isEmpty()) {
      h.append("  fqdn=").append(snapshot.suffix().substring(1));
    }
    if (!query.hasSort()) {
      h.append("  sort=").append(sort.key()).append(descending ? "▼" : "▲");
    }
    if (!query.text().isEmpty()) {
      h.append("  /").append(query.text());
    }
    if (overridesOnly) {
      h.append("  ").append(style.warn("[OVERRIDES]"));
    }
    if (OS_CYCLE[os] != null) {
      h.append("  os=").append(OS_CYCLE[os]);
    }
    if (!hidden.isEmpty()) {
      h.append("  hidden=").append(String.join(",", Column.displayed().stream().filter(hidden::contains).map(Column::header).toList()));
    }
    h.append("  ").append(indicator).append("  updated=").append(snapshot.at().toString(), 11, 19).append('Z');
    if (snapshot.stale()) {
      h.append("  ").append(style.bad("[stale]"));
    }
    return h.toString();
  }

  private List<String> help() {
    return List.of(
        "Keys (any key closes this help)",
        "  q            quit                 r      redraw",
        "  j k ↑ ↓      scroll a row         space b PgDn PgUp   a page    g G  top, bottom",
        "  h l ← →      scroll the columns (HOST stays)",
        "  /            filter: Enter applies, Esc cancels, ↑ ↓ history, Ctrl-U clears",
        "  \\            clear the filter     f      named and recent filters",
        "  s  S         sort by the next column / reverse the sort",
        "  o  O         only hosts with an override / OS: all, L, M",
        "  c            show or hide columns",
        "Filter: COLUMN OP VALUE (ops >= <= != > < = ~), all must hold; col= empty,",
        "a|b alternatives, ages as 30m 20h 2d; sort:COL[:asc|desc]. Columns:",
        "  " + Column.knownNames());
  }

  private List<String> columnPicker() {
    List<String> out = new ArrayList<>(List.of("Columns (a letter shows or hides one; Esc closes)", ""));
    List<Column> choices = toggleable();
    for (int i = 0; i < choices.size(); i++) {
      out.add("  " + (char) ('a' + i) + "  [" + (hidden.contains(choices.get(i)) ? " " : "x") + "] " + choices.get(i).header());
    }
    return out;
  }

  private List<String> picker() {
    List<String> out = new ArrayList<>(List.of("Filters (↑ ↓ choose, Enter apply, Esc close)", ""));
    List<String[]> entries = pickerEntries();
    for (int i = 0; i < entries.size(); i++) {
      out.add((i == picked ? "▶ " : "  ") + String.format("%-12s %s", entries.get(i)[0], entries.get(i)[1]));
    }
    return out;
  }

  /** Draws {@code text} in a box over the middle of the screen. */
  private void overlay(List<AttributedString> lines, List<String> text, int width) {
    int inner = Math.min(width - 4, text.stream().mapToInt(String::length).max().orElse(10) + 2);
    int height = Math.min(lines.size() - 2, text.size() + 2);
    int x = Math.max(0, (width - inner - 2) / 2);
    int y = Math.max(1, (lines.size() - height) / 2);
    for (int i = 0; i < height; i++) {
      String content;
      if (i == 0 || i == height - 1) {
        // Double lines: JLine would draw the single-line box characters with the terminal's alternate charset.
        content = (i == 0 ? "╔" : "╚") + "═".repeat(inner) + (i == 0 ? "╗" : "╝");
      } else {
        String t = i - 1 < text.size() ? text.get(i - 1) : "";
        content = "║ " + cut(t, inner - 2) + " ".repeat(Math.max(0, inner - 2 - Math.min(t.length(), inner - 2))) + " ║";
      }
      AttributedString under = lines.get(y + i);
      AttributedStringBuilder b = new AttributedStringBuilder();
      b.append(under.columnSubSequence(0, x));
      b.append(" ".repeat(Math.max(0, x - under.columnLength())));
      b.append(content, AttributedStyle.DEFAULT.inverseNeg());
      b.append(under.columnSubSequence(x + inner + 2, width));
      lines.set(y + i, b.toAttributedString());
    }
  }

  private static AttributedString fit(String ansi, int width) {
    return AttributedString.fromAnsi(ansi).columnSubSequence(0, width);
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, Math.max(0, width));
  }
}
