package dev.vscope.vim;

/** A counter of an entity, for one instance ({@code vmnic0}, a datastore uuid) or "" for the aggregate. */
public record PerfMetricId(int counterId, String instance) {}
