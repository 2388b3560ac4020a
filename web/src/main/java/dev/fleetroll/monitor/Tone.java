package dev.fleetroll.monitor;

/** How a cell should be coloured: status colours, or a stable colour per distinct value. */
public enum Tone { PLAIN, GOOD, WARN, BAD, CATEGORY, BOLD_CATEGORY }
