package dev.vscope.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback HTTP/1.1 proxy in front of the engine's remote-write endpoint that counts what goes
 * over the wire, independently of the sender's own bookkeeping: for each request its header and
 * body bytes, the uncompressed size that the snappy block announces in its first bytes, the time
 * from the last body byte to the first byte of the engine's answer, and the answer's status.
 *
 * <p>Requests are read whole (remote-write bodies are at most a few hundred KB) and forwarded;
 * answers are piped back as they come. HTTP/1.1 without pipelining, as the JDK client sends: the
 * client sends a request only after the whole answer to the previous one, so the first answer byte
 * read after a request belongs to it. Only {@code Content-Length} bodies are understood, which is
 * what {@code BodyPublishers.ofByteArray} sends.
 */
final class WireCounter implements AutoCloseable {

  /** One forwarded request. Times are {@link System#nanoTime()}. */
  record Request(long startNanos, long sentNanos, long answeredNanos, int headerBytes, int bodyBytes, long uncompressedBytes, int status) {
    long engineNanos() {
      return answeredNanos - sentNanos;
    }
  }

  /** A request forwarded and waiting for its answer. */
  private record Sent(long startNanos, long sentNanos, int headerBytes, int bodyBytes, long uncompressedBytes) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final ServerSocket server;
  private final int targetPort;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private WireCounter(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port and forwards to {@code engine}'s port on loopback. */
  static WireCounter start(URI engine) throws IOException {
    WireCounter w = new WireCounter(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), engine.getPort());
    w.daemon("wire-accept", w::acceptLoop).start();
    return w;
  }

  /** The write URL to give the store instead of the engine's. */
  URI writeUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/write");
  }

  /** Every request answered so far, in the order they were answered. */
  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** CPU time of the proxy's own threads (still running), to take out of the process's CPU time. */
  long cpuNanos() {
    long sum = 0;
    for (Thread t : threads) {
      long n = THREADS.getThreadCpuTime(t.getId());
      sum += Math.max(0, n);
    }
    return sum;
  }

  private Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  private void acceptLoop() {
    int n = 0;
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket engine = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        engine.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(engine);
        BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
        n++;
        daemon("wire-up-" + n, () -> requestsUp(client, engine, sent)).start();
        daemon("wire-down-" + n, () -> answersDown(engine, client, sent)).start();
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.out.println("  wire counter: " + e);
        }
      }
    }
  }

  /** Client to engine: whole requests, measured. {@code sent} carries what the answer completes. */
  private void requestsUp(Socket client, Socket engine, BlockingQueue<Sent> sent) {
    try (InputStream in = new BufferedInputStream(client.getInputStream(), 1 << 16)) {
      OutputStream out = engine.getOutputStream();
      while (true) {
        int first = in.read();
        if (first < 0) {
          break;
        }
        long start = System.nanoTime();
        byte[] header = readHeader(in, first);
        int length = contentLength(new String(header, StandardCharsets.ISO_8859_1));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
          break;
        }
        out.write(header);
        out.write(body);
        // queued before the flush: the answer can come before this thread runs again
        sent.add(new Sent(start, System.nanoTime(), header.length, body.length, snappyLength(body)));
        out.flush();
      }
    } catch (IOException e) {
      // connection closed by either side
    } finally {
      closeQuietly(engine);
    }
  }

  /** Engine to client: piped; the first bytes after a request complete its measurement. */
  private void answersDown(Socket engine, Socket client, BlockingQueue<Sent> sent) {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = engine.getInputStream()) {
      OutputStream out = client.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        long now = System.nanoTime();
        Sent s = sent.poll();
        if (s != null) {
          requests.add(new Request(s.startNanos(), s.sentNanos(), now, s.headerBytes(), s.bodyBytes(), s.uncompressedBytes(), status(buf, n)));
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // connection closed by either side
    } finally {
      closeQuietly(client);
    }
  }

  private static byte[] readHeader(InputStream in, int first) throws IOException {
    ByteArrayOutputStream h = new ByteArrayOutputStream(512);
    h.write(first);
    int matched = first == '\r' ? 1 : 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a request header");
      }
      h.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return h.toByteArray();
  }

  private static int contentLength(String header) throws IOException {
    for (String line : header.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    if (header.toLowerCase(Locale.ROOT).contains("transfer-encoding")) {
      throw new IOException("chunked requests are not counted: " + header.lines().findFirst().orElse(""));
    }
    return 0;
  }

  /** The uncompressed length a snappy block starts with (a varint), -1 when there is none. */
  static long snappyLength(byte[] body) {
    long value = 0;
    for (int i = 0; i < Math.min(body.length, 5); i++) {
      value |= (long) (body[i] & 0x7f) << (7 * i);
      if ((body[i] & 0x80) == 0) {
        return value;
      }
    }
    return -1;
  }

  /** The status code of an answer starting with {@code HTTP/1.1 NNN}, 0 when it does not. */
  private static int status(byte[] buf, int n) {
    String start = new String(buf, 0, Math.min(n, 16), StandardCharsets.ISO_8859_1);
    if (start.startsWith("HTTP/") && start.length() >= 12) {
      try {
        return Integer.parseInt(start.substring(9, 12));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(WireCounter::closeQuietly);
  }
}
