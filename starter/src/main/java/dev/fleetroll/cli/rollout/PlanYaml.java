package dev.fleetroll.cli.rollout;

import dev.fleetroll.HostName;
import dev.fleetroll.InputException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * A plan's YAML read strictly, event by event, before Jackson binds it to the plan: YAML lets a file
 * say things a plan must not, and Jackson would take them silently. Refused, each at its line: a key
 * set twice (the later value would win), anchors, aliases and merge keys ({@code *canary} would be read
 * as the text "canary"), tags, an empty value, a control character, a second document, and a top level
 * that is not a mapping. It also remembers where each field is, so that every later problem can name
 * its line.
 */
final class PlanYaml {

  /** A place in the file, 1-based. */
  record Position(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }

    static Position of(Mark mark) {
      return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
  }

  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\x{FEFF}]");

  private final Map<String, Position> keys = new HashMap<>();
  private final Map<String, Position> values = new HashMap<>();

  private PlanYaml() {}

  /** A mapping or sequence being read: its path, and for a mapping its keys and whether a key comes next. */
  private static final class Container {
    final String path;
    final boolean mapping;
    final Map<String, Position> keys = new HashMap<>();
    boolean keyNext = true;
    String key;
    int index;

    Container(String path, boolean mapping) {
      this.path = path;
      this.mapping = mapping;
    }

    /** The path of the value that comes next in this collection. */
    String next() {
      return mapping ? (path.isEmpty() ? key : path + "." + key) : path + "[" + index + "]";
    }
  }

  /** Reads {@code text} (from {@code file}) or throws an {@link InputException} naming the line. */
  static PlanYaml read(Path file, String text) {
    PlanYaml yaml = new PlanYaml();
    Deque<Container> open = new ArrayDeque<>();
    int documents = 0;
    boolean root = false;
    try {
      Parser parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
      while (parser.peekEvent() != null) {
        Event event = parser.getEvent();
        Position at = Position.of(event.getStartMark());
        if (event instanceof DocumentStartEvent) {
          if (++documents > 1) {
            throw error(file, at, "a second YAML document ('---'): a plan is one document");
          }
        } else if (event instanceof AliasEvent alias) {
          throw error(file, at, "alias *" + alias.getAnchor() + ": anchors and aliases are not supported in a plan;"
              + " write the value out (an alias would be read as the text '" + alias.getAnchor() + "')");
        } else if (event instanceof NodeEvent node) {
          checkNode(file, node, at);
          if (open.isEmpty()) {
            if (!(event instanceof MappingStartEvent)) {
              throw error(file, at, "a plan is a mapping of fields (name:, override:, targets:, ...)");
            }
            root = true;
            open.push(new Container("", true));
          } else if (open.peek().mapping && open.peek().keyNext) {
            yaml.key(file, node, at, open.peek());
          } else {
            yaml.value(file, node, at, open);
          }
        } else if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
          open.pop();
          if (!open.isEmpty()) {
            done(open.peek());
          }
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new InputException(file + (mark != null ? ":" + Position.of(mark) : "") + ": not valid YAML: "
          + what.replace('\n', ' ').strip());
    } catch (YAMLException e) {
      throw new InputException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' ').strip());
    }
    if (!root) {
      throw new InputException(file + ": the plan is empty");
    }
    return yaml;
  }

  private static void checkNode(Path file, NodeEvent node, Position at) {
    if (node.getAnchor() != null) {
      throw error(file, at, "anchor &" + node.getAnchor() + ": anchors and aliases are not supported in a plan;"
          + " write the value out");
    }
    String tag = node instanceof ScalarEvent s ? s.getTag() : ((CollectionStartEvent) node).getTag();
    if (tag != null) {
      throw error(file, at, "tag " + tag + ": tags are not supported in a plan (quote a value to make it text)");
    }
  }

  private void key(Path file, NodeEvent node, Position at, Container in) {
    if (!(node instanceof ScalarEvent key)) {
      throw error(file, at, "a key must be a plain name");
    }
    String name = key.getValue();
    String path = in.path.isEmpty() ? name : in.path + "." + name;
    if (CONTROL.matcher(name).find()) {
      throw error(file, at, "control character in the key '" + HostName.printable(name) + "'");
    }
    if (name.equals("<<")) {
      throw error(file, at, "merge keys (<<) are not supported in a plan; write the fields out");
    }
    Position first = in.keys.putIfAbsent(name, at);
    if (first != null) {
      throw error(file, at, path + ": set twice (first on line " + first.line() + "); the second value would silently"
          + " replace the first");
    }
    keys.put(path, at);
    in.key = name;
    in.keyNext = false;
  }

  private void value(Path file, NodeEvent node, Position at, Deque<Container> open) {
    Container in = open.peek();
    String path = in.next();
    values.put(path, at);
    if (node instanceof ScalarEvent scalar) {
      String value = scalar.getValue();
      if (scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && NULL.matcher(value).matches()) {
        throw error(file, at, path + ": " + (in.mapping ? "no value (give one, or leave the field out for its default)"
            : "empty entry"));
      }
      if (CONTROL.matcher(value).find()) {
        throw error(file, at, path + ": control character in '" + HostName.printable(value) + "'");
      }
      done(in);
    } else {
      open.push(new Container(path, node instanceof MappingStartEvent));
    }
  }

  /** A value of {@code in} is complete: a key comes next, or the next entry. */
  private static void done(Container in) {
    if (in.mapping) {
      in.keyNext = true;
    } else {
      in.index++;
    }
  }

  /** Where the value of {@code field} is ({@code stages.batches[1]}), or of its nearest enclosing field. */
  Position at(String field) {
    return find(values, field);
  }

  /** Where the key of {@code field} is written. */
  Position keyAt(String field) {
    return find(keys, field);
  }

  private static Position find(Map<String, Position> positions, String field) {
    for (String f = field; !f.isEmpty(); f = parent(f)) {
      Position p = positions.get(f);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static String parent(String field) {
    int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
    return cut < 0 ? "" : field.substring(0, cut);
  }

  private static InputException error(Path file, Position at, String message) {
    return new InputException(file + ":" + at + ": " + message);
  }
}
