package dev.vscope.bench;

import dev.vscope.sim.Simulator;
import dev.vscope.vim.HttpSoapTransport;
import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.SoapBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays recorded vim25 requests with a raw {@link HttpClient} in a session of its own, reading
 * every answer fully as bytes and parsing nothing: what remains is the simulator's own time (plus
 * TLS and HTTP, which the collector pays too). This is the floor a client cannot go below.
 *
 * <p>What lives in a session is renamed on the way: container views and property filters get new
 * ids in this session (mapped from the recorded ids in creation order, since the collector uses
 * each one right after creating it), continuation tokens of paged reads and WaitForUpdatesEx
 * versions are this session's own. To do so a few hundred bytes at the start of those answers
 * (and of CreateContainerView/CreateFilter answers) are searched for the new value; nothing else
 * is looked at. QueryPerf calls that follow each other run {@code concurrency} at a time, as the
 * collector runs them; everything else runs one after the other in recorded order.
 */
final class ReplaySession implements AutoCloseable {

  private static final Pattern TOKEN = Pattern.compile("<token>([^<]*)</token>");
  private static final Pattern VERSION = Pattern.compile("<version>([^<]*)</version>");
  private static final Pattern RETURNVAL_MOREF = Pattern.compile("<returnval type=\"([A-Za-z]+)\">([^<]*)</returnval>");
  private static final List<String> SESSION_TYPES = List.of("ContainerView", "PropertyFilter");
  private static final int PREFIX = 2_048;

  private final HttpClient http;
  private final URI url;
  private final ManagedObjectReference sessionManager;
  private final ExecutorService pool;
  private final Map<String, String> renamed = new HashMap<>();
  private final Map<String, Deque<String>> created = new HashMap<>();
  private final Map<String, AtomicLong[]> perMethod = new TreeMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();
  private volatile String cookie;
  private String token;
  private String version = "";

  private ReplaySession(Simulator sim, ManagedObjectReference sessionManager, int concurrency) {
    this.http = HttpClient.newBuilder().sslContext(sim.tls()).connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    this.url = sim.url();
    this.sessionManager = sessionManager;
    this.pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "replay");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens a session: its Login is not part of any replay's time unless {@link #login(String, String)} is timed by the caller. */
  static ReplaySession open(Simulator sim, ManagedObjectReference sessionManager, int concurrency) {
    return new ReplaySession(sim, sessionManager, concurrency);
  }

  /** Logs in; the session cookie of the answer is used from then on. */
  void login(String username, String password) throws IOException, InterruptedException {
    String body = SoapBody.of("Login").moRef("_this", sessionManager).text("userName", username).text("password", password).end();
    HttpResponse<byte[]> r = send("Login", body);
    if (r.statusCode() != 200) {
      throw new IOException("replay Login answered HTTP " + r.statusCode());
    }
    cookie = r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("vmware_soap_session="))
        .map(c -> c.split(";", 2)[0])
        .findFirst()
        .orElseThrow(() -> new IOException("replay Login set no session cookie"));
  }

  /** Forgets which recorded views and filters map to which of this session (for a list that creates its own). */
  void forgetRenames() {
    renamed.clear();
    created.clear();
    token = null;
  }

  /** Replays the calls; returns the wall time in nanoseconds. Login and Logout calls are skipped. */
  long replay(List<CallRecorder.Call> calls) throws Exception {
    long t0 = System.nanoTime();
    int i = 0;
    while (i < calls.size()) {
      CallRecorder.Call c = calls.get(i);
      if (c.method().equals("Login") || c.method().equals("Logout")) {
        i++;
        continue;
      }
      if (c.method().equals("QueryPerf")) {
        List<Future<?>> running = new ArrayList<>();
        while (i < calls.size() && calls.get(i).method().equals("QueryPerf")) {
          String body = calls.get(i).body();
          running.add(pool.submit(() -> {
            call("QueryPerf", body);
            return null;
          }));
          i++;
        }
        for (Future<?> f : running) {
          f.get();
        }
        continue;
      }
      call(c.method(), rename(c.method(), c.body()));
      i++;
    }
    return System.nanoTime() - t0;
  }

  private void call(String method, String body) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = send(method, body);
    long nanos = System.nanoTime() - t0;
    byte[] answer = r.body();
    bytes.addAndGet(answer.length);
    if (r.statusCode() != 200) {
      faults.incrementAndGet();
    }
    AtomicLong[] m;
    synchronized (perMethod) {
      m = perMethod.computeIfAbsent(method, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
    }
    m[0].incrementAndGet();
    m[1].addAndGet(nanos);
    if (r.statusCode() == 200) {
      learn(method, answer);
    }
  }

  private HttpResponse<byte[]> send(String method, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(300))
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", "urn:vim25/7.0")
        .POST(HttpRequest.BodyPublishers.ofString(HttpSoapTransport.envelope(body)));
    String c = cookie;
    if (c != null) {
      b.header("Cookie", c);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Picks this session's ids, tokens and versions out of the start of an answer. */
  private void learn(String method, byte[] answer) {
    switch (method) {
      case "CreateContainerView", "CreateFilter" -> {
        Matcher m = RETURNVAL_MOREF.matcher(prefix(answer));
        if (m.find()) {
          created.computeIfAbsent(m.group(1), k -> new ArrayDeque<>()).addLast(m.group(2));
        }
      }
      case "RetrievePropertiesEx", "ContinueRetrievePropertiesEx" -> {
        Matcher m = TOKEN.matcher(prefix(answer));
        token = m.find() ? m.group(1) : null;
      }
      case "WaitForUpdatesEx" -> {
        Matcher m = VERSION.matcher(prefix(answer));
        if (m.find()) {
          version = m.group(1);
        }
      }
      default -> {
        // nothing session-bound in the answer
      }
    }
  }

  private static String prefix(byte[] answer) {
    return new String(answer, 0, Math.min(answer.length, PREFIX), StandardCharsets.ISO_8859_1);
  }

  /** The recorded body with this session's views, filters, token and version. */
  private String rename(String method, String body) {
    String out = body;
    for (String type : SESSION_TYPES) {
      if (!out.contains("type=\"" + type + "\">")) {
        continue;
      }
      Matcher m = Pattern.compile("type=\"" + type + "\">([^<]*)<").matcher(out);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String old = m.group(1);
        String key = type + ":" + old;
        String now = renamed.get(key);
        if (now == null) {
          Deque<String> fresh = created.get(type);
          now = fresh == null || fresh.isEmpty() ? old : fresh.pollLast();
          renamed.put(key, now);
        }
        m.appendReplacement(sb, Matcher.quoteReplacement("type=\"" + type + "\">" + now + "<"));
      }
      m.appendTail(sb);
      out = sb.toString();
    }
    if (method.equals("ContinueRetrievePropertiesEx") && token != null) {
      out = TOKEN.matcher(out).replaceFirst(Matcher.quoteReplacement("<token>" + token + "</token>"));
    }
    if (method.equals("WaitForUpdatesEx")) {
      Matcher m = VERSION.matcher(out);
      if (m.find() && !m.group(1).isEmpty()) {
        out = m.replaceFirst(Matcher.quoteReplacement("<version>" + version + "</version>"));
      }
    }
    return out;
  }

  long bytesReceived() {
    return bytes.get();
  }

  long faults() {
    return faults.get();
  }

  /** Clears the byte, fault and per-method counters. */
  void resetCounters() {
    bytes.set(0);
    faults.set(0);
    synchronized (perMethod) {
      perMethod.clear();
    }
  }

  /** "QueryPerf 262× 30,000 ms; …": calls and summed answer time per method since the last reset. */
  String summary() {
    StringBuilder b = new StringBuilder();
    synchronized (perMethod) {
      perMethod.forEach((method, v) -> {
        if (b.length() > 0) {
          b.append("; ");
        }
        b.append(String.format(Locale.ROOT, "%s %d× %,.0f ms", method, v[0].get(), v[1].get() / 1e6));
      });
    }
    return b.toString();
  }

  @Override
  public void close() {
    try {
      if (cookie != null) {
        send("Logout", SoapBody.of("Logout").moRef("_this", sessionManager).end());
      }
    } catch (IOException e) {
      // the session dies with the simulator anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }
}
