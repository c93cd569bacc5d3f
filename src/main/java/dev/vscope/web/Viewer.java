package dev.vscope.web;

import java.util.Set;

/**
 * Who asks, as far as visibility goes: the entities (hosts, VMs, datastores, clusters, datacenters, by id)
 * that the caller may see. Every answer of the API is filtered through it.
 */
@FunctionalInterface
public interface Viewer {

  /** Sees everything: for a vscope without login, and for internal use. */
  Viewer ALL = id -> true;

  boolean canSee(String entityId);

  /**
   * What answers made for this viewer may be shared by: viewers with equal keys see exactly the
   * same entities. By default the viewer itself, which shares with no other viewer.
   */
  default Object visibilityKey() {
    return this;
  }

  /**
   * The viewer that sees exactly these entity ids; its key is the set, so equal sets share answers.
   * The set is copied unless it is already unmodifiable (then {@code Set.copyOf} returns it as is).
   */
  static Viewer of(Set<String> entityIds) {
    Set<String> ids = Set.copyOf(entityIds);
    return new Viewer() {
      @Override
      public boolean canSee(String entityId) {
        return ids.contains(entityId);
      }

      @Override
      public Object visibilityKey() {
        return ids;
      }
    };
  }
}
