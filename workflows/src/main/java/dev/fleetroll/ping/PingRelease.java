package dev.fleetroll.ping;

/** The {@code release} update: ends a ping's hold early. */
public record PingRelease(String actor, String reason) {}
