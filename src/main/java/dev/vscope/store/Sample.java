package dev.vscope.store;

/** One collected value of a metric, at an epoch second. {@code NaN} means unknown. */
public record Sample(long epochSecond, double value) {}
