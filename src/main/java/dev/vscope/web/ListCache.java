package dev.vscope.web;

import dev.vscope.Json;
import dev.vscope.collect.VcenterSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The serialized answers of the list endpoints ({@code hosts}, {@code datastores}, {@code vms}),
 * as JSON and gzip'd JSON, kept while the snapshots they were made from are current. The lists
 * run to megabytes and change once a collection cycle, while the pages ask for them every minute
 * from every open tab (issue 4: serializing 5,500 VMs took 71 ms a request).
 *
 * <p>Memory stays bounded whatever the number of users: at most {@code maxEntries} answers and
 * {@code maxBytes} bytes are kept (least recently used go first), an answer made from older
 * snapshots is dropped as soon as one from newer snapshots is made, and at most {@code maxBuilds}
 * answers are being made at once. Concurrent requests for the same key wait for one build instead
 * of each making its own: 200 readers after a new cycle cost one serialization, not 200 copies of
 * the list in the heap.
 *
 * <p>Thread-safe.
 */
final class ListCache {

  private final long maxBytes;
  private final int maxEntries;
  private final Semaphore builds;
  /** In access order: the first entries are the least recently used. Guarded by {@code this}. */
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  ListCache(long maxBytes, int maxEntries, int maxBuilds) {
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
    this.builds = new Semaphore(maxBuilds);
  }

  /**
   * What one answer depends on: the list, the datacenter filter (null for all), what the viewer may
   * see ({@link Viewer#visibilityKey()}, compared with {@code equals}) and the snapshots it is made
   * from, compared by identity: a collection cycle publishes new snapshot objects.
   */
  static final class Key {
    private final String list;
    private final String datacenter;
    private final Object visibility;
    private final List<VcenterSnapshot> snapshots;
    private final int hash;

    Key(String list, String datacenter, Object visibility, List<VcenterSnapshot> snapshots) {
      this.list = list;
      this.datacenter = datacenter;
      this.visibility = visibility;
      this.snapshots = List.copyOf(snapshots);
      int h = Objects.hash(list, datacenter, visibility);
      for (VcenterSnapshot s : this.snapshots) {
        h = 31 * h + System.identityHashCode(s);
      }
      this.hash = h;
    }

    boolean sameSnapshots(Key other) {
      if (snapshots.size() != other.snapshots.size()) {
        return false;
      }
      for (int i = 0; i < snapshots.size(); i++) {
        if (snapshots.get(i) != other.snapshots.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && list.equals(k.list) && Objects.equals(datacenter, k.datacenter)
          && visibility.equals(k.visibility) && sameSnapshots(k);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * One answer: its JSON, the same gzip'd, and an entity tag derived from the JSON, so that an
   * unchanged list (a failed cycle, a quiet inventory) keeps its tag across snapshots.
   */
  record Answer(byte[] json, byte[] gzip, String etag) {

    /** The tag of the gzip'd body: a different representation needs a different strong tag. */
    String gzipEtag() {
      return etag.substring(0, etag.length() - 1) + "-gzip\"";
    }

    long bytes() {
      return (long) json.length + gzip.length;
    }
  }

  /** An answer being made ({@code answer} still null) or made. */
  private static final class Entry {
    final FutureTask<Answer> task;
    /** Set once made; guarded by the cache. */
    Answer answer;

    Entry(FutureTask<Answer> task) {
      this.task = task;
    }
  }

  /**
   * The answer for the key, made from {@code value} (serialized with vscope's JSON mapping) when
   * it is not kept yet. An exception of {@code value} (an unknown datacenter, say) is thrown to
   * every request waiting for it and is not kept.
   */
  Answer get(Key key, Supplier<Object> value) throws IOException {
    Entry entry;
    boolean mine = false;
    synchronized (this) {
      entry = entries.get(key);
      if (entry == null) {
        // Snapshots only move forward: answers made from other ones will not be asked for again.
        entries.keySet().removeIf(k -> !k.sameSnapshots(key));
        entry = new Entry(new FutureTask<>(() -> serialize(value.get())));
        entries.put(key, entry);
        mine = true;
      }
    }
    if (mine) {
      builds.acquireUninterruptibly();
      try {
        entry.task.run();
      } finally {
        builds.release();
      }
    }
    try {
      Answer answer = entry.task.get();
      if (mine) {
        kept(entry, answer);
      }
      return answer;
    } catch (ExecutionException e) {
      synchronized (this) {
        entries.remove(key, entry);
      }
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the " + key.list + " list");
    }
  }

  /** Records a made answer, then drops the least recently used ones until the kept ones fit. */
  private synchronized void kept(Entry entry, Answer answer) {
    entry.answer = answer;
    long bytes = 0;
    int count = 0;
    for (Entry e : entries.values()) {
      if (e.answer != null) {
        bytes += e.answer.bytes();
        count++;
      }
    }
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && (bytes > maxBytes || count > maxEntries); ) {
      Entry e = it.next();
      if (e.answer != null) {
        bytes -= e.answer.bytes();
        count--;
        it.remove();
      }
    }
  }

  /** The number of answers kept or being made. */
  synchronized int size() {
    return entries.size();
  }

  /** The bytes of the answers kept. */
  synchronized long bytes() {
    return entries.values().stream().filter(e -> e.answer != null).mapToLong(e -> e.answer.bytes()).sum();
  }

  static Answer serialize(Object value) throws IOException {
    ByteArrayOutputStream json = new ByteArrayOutputStream(64 * 1024);
    Json.mapper().writeValue(json, value);
    byte[] bytes = json.toByteArray();
    ByteArrayOutputStream gzip = new ByteArrayOutputStream(Math.max(512, bytes.length / 8));
    try (GZIPOutputStream out = new GZIPOutputStream(gzip, 64 * 1024)) {
      out.write(bytes);
    }
    return new Answer(bytes, gzip.toByteArray(), etag(bytes));
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private static IOException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException("serializing a list failed", cause);
  }
}
