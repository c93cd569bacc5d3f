package dev.vscope.web;

/**
 * Who asks, as far as visibility goes: the entities (hosts, VMs, datastores, datacenters, by id)
 * that the caller may see. Every answer of the API is filtered through it.
 */
@FunctionalInterface
public interface Viewer {

  /** Sees everything: for a vscope without login, and for internal use. */
  Viewer ALL = id -> true;

  boolean canSee(String entityId);
}
