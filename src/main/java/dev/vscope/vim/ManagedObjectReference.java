package dev.vscope.vim;

import java.util.Objects;

/** A vim25 managed object reference: its type ({@code VirtualMachine}) and id ({@code vm-42}). */
public record ManagedObjectReference(String type, String value) {

  public ManagedObjectReference {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }
}
