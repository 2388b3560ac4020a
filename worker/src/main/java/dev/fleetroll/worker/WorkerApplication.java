package dev.fleetroll.worker;

import io.micronaut.runtime.Micronaut;

/** The Fleetroll worker: a Micronaut application hosting the Temporal worker. */
public final class WorkerApplication {

  /** The worker's logging configuration (stdout; `server start` redirects it to a log file). */
  static final String LOGBACK_CONFIG = "fleetroll-worker-logback.xml";

  private WorkerApplication() {}

  public static void main(String[] args) {
    // Its own name, because tests run these classes on the CLI's classpath, where the CLI's
    // logback.xml (warnings only, on stderr) would otherwise win.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    Micronaut.build(args).mainClass(WorkerApplication.class).banner(false).start();
  }
}
