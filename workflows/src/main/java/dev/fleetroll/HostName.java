package dev.fleetroll;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A host's one name in Fleetroll. Leases ({@code lease/<host>}), plans, dry runs, operator commands,
 * the store and the audit log all key hosts by it, so two spellings of one host never make two
 * targets. The canonical name is:
 * <ul>
 *   <li>lower case (DNS and OpenSSH ignore case);
 *   <li>fully qualified: a short (dotless) name gets the fleet's domain, which is the {@code # fqdn:}
 *       directive of the host list it comes from, else {@code $FLEETROLL_DOMAIN}, else the MVP's
 *       {@code test.releng.mdc1.mozilla.com}; an IP address stays as it is;
 *   <li>without a user part: {@code root@host} is refused rather than trimmed, since dropping it would
 *       silently change whom SSH logs in as; the SSH config's {@code User} says that.
 * </ul>
 * Syntax: a DNS name (labels of letters, digits and inner hyphens, the last label not all digits),
 * an IPv4 address or a bracketed IPv6 address; {@code specs/rollout-plan.schema.json} has the same rule.
 */
public final class HostName {

  /** The domain the MVP appends to short names: every hardware worker it manages lives there. */
  public static final String DEFAULT_DOMAIN = "test.releng.mdc1.mozilla.com";
  public static final String DOMAIN_VARIABLE = "FLEETROLL_DOMAIN";

  private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  private static final Pattern DNS = Pattern.compile("(?=.{1,253}$)(" + LABEL + "\\.)*(?![0-9]+$)" + LABEL,
      Pattern.CASE_INSENSITIVE);
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+\\]");

  private HostName() {}

  /** {@code $FLEETROLL_DOMAIN} when set (checked), else {@link #DEFAULT_DOMAIN}. */
  public static String fleetDomain(Map<String, String> env) {
    String value = env.get(DOMAIN_VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT_DOMAIN;
    }
    String problem = domainProblem(value);
    if (problem != null) {
      throw new InputException(DOMAIN_VARIABLE + ": " + problem);
    }
    return domain(value);
  }

  /** A domain as written after {@code # fqdn:} or in {@code $FLEETROLL_DOMAIN}: a leading dot is allowed. */
  public static String domainProblem(String value) {
    String d = value.startsWith(".") ? value.substring(1) : value;
    return DNS.matcher(d).matches() && d.length() <= 200 ? null : "'" + printable(value) + "' is not a domain name";
  }

  private static String domain(String value) {
    return (value.startsWith(".") ? value.substring(1) : value).toLowerCase(Locale.ROOT);
  }

  /**
   * The canonical name of {@code typed}, a short name completed with {@code domain} (a leading dot is
   * allowed).
   *
   * @throws IllegalArgumentException saying what is wrong with the name
   */
  public static String canonical(String typed, String domain) {
    String problem = problem(typed);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    String name = typed.toLowerCase(Locale.ROOT);
    if (isAddress(name) || name.contains(".")) {
      return name;
    }
    String full = name + "." + domain(domain);
    if (full.length() > 253) {
      throw new IllegalArgumentException("'" + typed + "." + domain(domain) + "' is longer than 253 characters");
    }
    return full;
  }

  /** What is wrong with {@code typed} as a host name, or null when it is one (short or qualified). */
  public static String problem(String typed) {
    int at = typed.lastIndexOf('@');
    if (at >= 0) {
      return "'" + printable(typed) + "': name the host without '" + printable(typed.substring(0, at + 1))
          + "' (Fleetroll knows a host by its name; the SSH config's User says whom to log in as)";
    }
    if (isAddress(typed) || DNS.matcher(typed).matches()) {
      return null;
    }
    return "'" + printable(typed) + "' is not a valid host name";
  }

  /**
   * The canonical name of a host named before names were canonical (a rollout or lease started by an
   * older CLI may say {@code root@T-LINUX64-MS-001}), or null when it is not a host name at all.
   */
  public static String legacy(String name, String domain) {
    try {
      return canonical(name.substring(name.lastIndexOf('@') + 1), domain);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The first label of a canonical name: the name Taskcluster knows the worker by. */
  public static String shortName(String canonical) {
    int dot = canonical.indexOf('.');
    return isAddress(canonical) || dot < 0 ? canonical : canonical.substring(0, dot);
  }

  private static boolean isAddress(String name) {
    return IPV4.matcher(name).matches() || IPV6.matcher(name).matches();
  }

  /** {@code text} with control characters shown as {@code \}{@code uXXXX}, safe to print in a message. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == 0xFEFF) {
        out.append(String.format("\\u%04X", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
