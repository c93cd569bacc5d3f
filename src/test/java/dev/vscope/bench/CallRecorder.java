package dev.vscope.bench;

import dev.vscope.vim.CallListener;
import dev.vscope.vim.VimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records the vim25 calls a client makes while recording is on: method, request body (never the
 * body of a Login, which holds the password; the replay logs in by itself), the client's time
 * from sending to the end of parsing, and whether it failed. Kept in memory only.
 */
final class CallRecorder implements CallListener {

  /** One recorded call; {@code body} is null for Login; {@code endMillis} is the wall clock when its answer was parsed. */
  record Call(String method, String body, long nanos, boolean failed, long endMillis) {}

  private final List<Call> calls = new ArrayList<>();
  private volatile boolean recording;

  synchronized void start() {
    calls.clear();
    recording = true;
  }

  /** Stops recording and returns what was recorded, in completion order. */
  synchronized List<Call> stop() {
    recording = false;
    List<Call> out = List.copyOf(calls);
    calls.clear();
    return out;
  }

  @Override
  public void called(String method, String requestBody, long nanos, VimException failure) {
    if (!recording) {
      return;
    }
    Call c = new Call(method, "Login".equals(method) ? null : requestBody, nanos, failure != null, System.currentTimeMillis());
    synchronized (this) {
      if (recording) {
        calls.add(c);
      }
    }
  }

  /** When the first call of {@code method} ended (wall clock, ms), or -1. */
  static long endMillis(List<Call> calls, String method) {
    return calls.stream().filter(c -> c.method().equals(method)).mapToLong(Call::endMillis).findFirst().orElse(-1);
  }

  /** "QueryPerf 262 × (sum 41,000 ms), WaitForUpdatesEx 1 × (…)": count and client time per method. */
  static String summary(List<Call> calls) {
    Map<String, long[]> by = new TreeMap<>();
    for (Call c : calls) {
      long[] v = by.computeIfAbsent(c.method(), m -> new long[3]);
      v[0]++;
      v[1] += c.nanos();
      v[2] += c.failed() ? 1 : 0;
    }
    StringBuilder b = new StringBuilder();
    by.forEach((m, v) -> {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(String.format(Locale.ROOT, "%s %d× %,.0f ms", m, v[0], v[1] / 1e6));
      if (v[2] > 0) {
        b.append(String.format(Locale.ROOT, " (%d failed)", v[2]));
      }
    });
    return b.toString();
  }
}
