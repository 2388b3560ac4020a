package dev.fleetroll.rollout.gate;

/**
 * One gate's verdict with its numbers, as history, {@code rollout status} and the Web UI show it.
 *
 * @param gate the plan's name of the gate, e.g. {@code success_rate_min}
 * @param value what was measured (null without data)
 * @param threshold the plan's limit
 * @param blocking whether this verdict stops the stage from advancing
 * @param detail one line for people: "0.50 < 0.90 (2 of 4 tasks completed on 2 hosts)"
 */
public record GateResult(String gate, GateVerdict verdict, Double value, Double threshold, boolean blocking,
    String detail) {}
