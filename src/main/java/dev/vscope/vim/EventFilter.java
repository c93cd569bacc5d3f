package dev.vscope.vim;

import java.time.Instant;
import java.util.List;

/**
 * What an event collector collects ({@code EventFilterSpec}): events of these types, created at
 * or after {@code begin}, from the whole inventory. Without an end time, events recorded after the
 * collector was created join it, so that reading it again later returns them.
 *
 * @param eventTypeIds the types to keep (data object types, or an {@code EventEx}'s eventTypeId);
 *     vCenter then sends no other, which keeps the reads small
 * @param begin the oldest creation time wanted
 */
public record EventFilter(List<String> eventTypeIds, Instant begin) {

  public EventFilter {
    eventTypeIds = List.copyOf(eventTypeIds);
  }

  /** Writes the spec as {@code element}, its fields in the order of the WSDL's sequence. */
  void write(SoapBody body, String element) {
    body.open(element).open("time").text("beginTime", begin.toString()).close("time").texts("eventTypeId", eventTypeIds).close(element);
  }
}
