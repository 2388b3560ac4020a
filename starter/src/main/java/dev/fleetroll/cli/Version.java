package dev.fleetroll.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, so it is set in one place: the pom. */
public final class Version implements IVersionProvider {

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }

  @Override
  public String[] getVersion() {
    return new String[] {"fleetroll " + current(), "Java " + Runtime.version()};
  }
}
