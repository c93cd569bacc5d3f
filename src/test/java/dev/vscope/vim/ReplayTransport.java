package dev.vscope.vim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * Answers vim25 calls with complete SOAP answers recorded from real vCenters (under {@code
 * src/test/resources/vcenter/}, see the README there), read by the same {@link SoapEnvelope} code
 * as HTTP answers: faults become {@link VimFaultException}s as they would on the wire. Each method
 * gets its answers in order; a call with no answer left fails, so a test sees every call it did
 * not expect. The requests are kept for tests to check what vscope sent.
 *
 * <pre>{@code
 * ReplayTransport t = ReplayTransport.create().answer("QueryPerf", "manageiq-QueryPerf-1.xml");
 * }</pre>
 */
final class ReplayTransport implements SoapTransport {

  private final Map<String, Deque<byte[]>> answers = new HashMap<>();
  private final List<String> requests = new ArrayList<>();

  private ReplayTransport() {}

  static ReplayTransport create() {
    return new ReplayTransport();
  }

  /** Adds the recording {@code src/test/resources/vcenter/<file>} as the next answer to {@code method}. */
  synchronized ReplayTransport answer(String method, String file) {
    answers.computeIfAbsent(method, m -> new ArrayDeque<>()).add(bytes(recording(file)));
    return this;
  }

  /** Adds an answer written in the test, for a call no recording holds. */
  synchronized ReplayTransport answerText(String method, String envelope) {
    answers.computeIfAbsent(method, m -> new ArrayDeque<>()).add(bytes(envelope));
    return this;
  }

  /** The text of a recording, for tests to read expected values from independently. */
  static String recording(String file) {
    try (InputStream in = ReplayTransport.class.getResourceAsStream("/vcenter/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no recording " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The request elements sent so far, in order. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public <T> T call(SoapBody body, ResponseReader<T> reader) {
    byte[] answer;
    synchronized (this) {
      requests.add(body.end());
      Deque<byte[]> queue = answers.get(body.method());
      answer = queue == null ? null : queue.poll();
    }
    if (answer == null) {
      throw new AssertionError("replay: no recorded answer left for " + body.method());
    }
    try {
      return SoapEnvelope.read(new ByteArrayInputStream(answer), vcenter(), body.method(), reader);
    } catch (XMLStreamException e) {
      throw new VimProtocolException("replay: " + body.method() + " answered malformed XML: " + e.getMessage(), e);
    }
  }

  @Override
  public String vcenter() {
    return "replay";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
