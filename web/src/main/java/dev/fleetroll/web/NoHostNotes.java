package dev.fleetroll.web;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.util.List;

/** This build keeps no notes on hosts. */
@Singleton
@Secondary
public final class NoHostNotes implements HostNotes {

  public static final String MESSAGE = "host notes not available in this build";

  @Override
  public Notes notes(String host) {
    return new Notes(false, MESSAGE, List.of());
  }
}
