package dev.fleetroll.web;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.util.List;

/** This build detects no drift: the page and the API say so rather than show an empty, clean-looking list. */
@Singleton
@Secondary
public final class NoDrift implements Drift {

  public static final String MESSAGE = "drift detection not available in this build";

  @Override
  public Report report() {
    return new Report(false, MESSAGE, List.of());
  }
}
