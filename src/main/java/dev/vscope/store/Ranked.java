package dev.vscope.store;

/** An entity's place in a ranking by one metric: its average over the range. */
public record Ranked(String entityId, double value) {}
