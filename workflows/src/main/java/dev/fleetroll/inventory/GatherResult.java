package dev.fleetroll.inventory;

import java.util.List;
import java.util.Map;

/**
 * What one gathering did: per source read, how many reads had each outcome ({@code ok},
 * {@code unreachable}, {@code not_found}, ...), and the sources that could not be read at all.
 */
public record GatherResult(Map<GatherSource, Map<String, Integer>> counts, List<String> errors) {}
