package dev.fleetroll.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.IVersionProvider;

/**
 * The version from the jar manifest, so it is set in one place: the pom; and the commit the build
 * baked in (commit.txt: short hash, "modified" when the work tree had changes, commit date).
 */
public final class Version implements IVersionProvider {

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }

  static String commit() {
    try (InputStream in = Version.class.getResourceAsStream("commit.txt")) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"fleetroll " + current() + " (commit " + commit() + ")", "Java " + Runtime.version()};
  }
}
