package dev.vscope.web;

import dev.vscope.collect.CollectionState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.VcenterStatus;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ListCacheTest {

  private static VcenterSnapshot snapshot() {
    return new VcenterSnapshot(null, Map.of(), Map.of(), new VcenterStatus("sim", CollectionState.OK, null, null, null, null, null, 60, List.of(), Map.of(), List.of(), null, false, null));
  }

  private static ListCache.Key key(String list, Object visibility, VcenterSnapshot... snapshots) {
    return new ListCache.Key(list, null, visibility, List.of(snapshots));
  }

  @Test
  void keepsAnAnswerWhileItsSnapshotsAreCurrentAndDropsItAfter() throws Exception {
    ListCache cache = new ListCache(1 << 20, 8, 2);
    AtomicInteger builds = new AtomicInteger();
    VcenterSnapshot first = snapshot();
    ListCache.Answer a = cache.get(key("vms", Viewer.ALL, first), () -> List.of("a", builds.incrementAndGet()));
    ListCache.Answer again = cache.get(key("vms", Viewer.ALL, first), () -> List.of("a", builds.incrementAndGet()));
    assertThat(again).isSameAs(a);
    assertThat(builds).hasValue(1);
    assertThat(new String(a.json(), "UTF-8")).isEqualTo("[\"a\",1]");

    // an equal but new snapshot is a new cycle: made again, and the old answer goes
    ListCache.Answer next = cache.get(key("vms", Viewer.ALL, snapshot()), () -> List.of("a", builds.incrementAndGet()));
    assertThat(builds).hasValue(2);
    assertThat(new String(next.json(), "UTF-8")).isEqualTo("[\"a\",2]");
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void viewersShareOnlyWithEqualVisibleSets() throws Exception {
    ListCache cache = new ListCache(1 << 20, 8, 2);
    VcenterSnapshot s = snapshot();
    Viewer alice = Viewer.of(Set.of("sim:vm-1"));
    Viewer alice2 = Viewer.of(Set.of("sim:vm-1"));
    Viewer bob = Viewer.of(Set.of("sim:vm-2"));
    ListCache.Answer a = cache.get(key("vms", alice.visibilityKey(), s), () -> List.of("vm-1"));
    ListCache.Answer b = cache.get(key("vms", bob.visibilityKey(), s), () -> List.of("vm-2"));
    ListCache.Answer a2 = cache.get(key("vms", alice2.visibilityKey(), s), () -> List.of("not asked"));
    assertThat(new String(b.json(), "UTF-8")).isEqualTo("[\"vm-2\"]");
    assertThat(a2).isSameAs(a);
    assertThat(a.etag()).isNotEqualTo(b.etag());
    // a viewer without a set of its own shares with nobody
    Viewer lambda = id -> true;
    ListCache.Answer c = cache.get(key("vms", lambda.visibilityKey(), s), () -> List.of("all"));
    ListCache.Answer d = cache.get(key("vms", ((Viewer) id -> true).visibilityKey(), s), () -> List.of("all, again"));
    assertThat(new String(c.json(), "UTF-8")).isEqualTo("[\"all\"]");
    assertThat(new String(d.json(), "UTF-8")).isEqualTo("[\"all, again\"]");
  }

  @Test
  void staysWithinItsBytesAndEntries() throws Exception {
    ListCache cache = new ListCache(10_000, 3, 2);
    VcenterSnapshot s = snapshot();
    for (int i = 0; i < 10; i++) {
      cache.get(key("vms", Set.of("user-" + i), s), () -> "x".repeat(3_000));
      assertThat(cache.size()).isLessThanOrEqualTo(3);
      assertThat(cache.bytes()).isLessThanOrEqualTo(10_000);
    }
    ListCache small = new ListCache(1 << 20, 2, 2);
    for (int i = 0; i < 5; i++) {
      small.get(key("vms", Set.of("user-" + i), s), () -> "y");
    }
    assertThat(small.size()).isEqualTo(2);
    // the least recently used go first
    AtomicInteger builds = new AtomicInteger();
    small.get(key("vms", Set.of("user-4"), s), () -> builds.incrementAndGet());
    assertThat(builds).hasValue(0);
  }

  @Test
  void concurrentRequestsWaitForOneBuild() throws Exception {
    ListCache cache = new ListCache(1 << 20, 8, 2);
    VcenterSnapshot s = snapshot();
    AtomicInteger builds = new AtomicInteger();
    int requests = 8;
    // The build ends only once every request has been made: all of them ask while it runs.
    CountDownLatch asked = new CountDownLatch(requests);
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try {
      List<Future<ListCache.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        answers.add(pool.submit(() -> {
          asked.countDown();
          return cache.get(key("vms", Viewer.ALL, s), () -> {
            builds.incrementAndGet();
            try {
              assertThat(asked.await(10, TimeUnit.SECONDS)).as("every request made").isTrue();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return List.of(1, 2, 3);
          });
        }));
      }
      ListCache.Answer first = answers.get(0).get(10, TimeUnit.SECONDS);
      for (Future<ListCache.Answer> f : answers) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(builds).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailureIsThrownAndNotKept() throws Exception {
    ListCache cache = new ListCache(1 << 20, 8, 2);
    VcenterSnapshot s = snapshot();
    assertThatThrownBy(() -> cache.get(key("vms", Viewer.ALL, s), () -> {
      throw ApiException.notFound("datacenter x");
    })).isInstanceOf(ApiException.class).hasMessage("datacenter x not found");
    assertThat(cache.size()).isZero();
    assertThat(new String(cache.get(key("vms", Viewer.ALL, s), () -> List.of()).json(), "UTF-8")).isEqualTo("[]");
  }

  @Test
  void anErrorInABuildIsThrownNotKeptAndFreesItsBuildSlot() throws Exception {
    ListCache cache = new ListCache(1 << 20, 8, 1);
    VcenterSnapshot s = snapshot();
    assertThatThrownBy(() -> cache.get(key("vms", Viewer.ALL, s), () -> {
      throw new OutOfMemoryError("injected");
    })).isInstanceOf(OutOfMemoryError.class).hasMessage("injected");
    assertThat(cache.size()).isZero();
    // the one build slot is free again: the next request builds
    assertThat(new String(cache.get(key("vms", Viewer.ALL, s), () -> List.of("a")).json(), "UTF-8")).isEqualTo("[\"a\"]");
  }

  @Test
  void gzipHoldsTheSameJsonAndTheTagFollowsTheContent() throws Exception {
    ListCache.Answer a = ListCache.serialize(List.of(Map.of("name", "vm-1")));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(a.gzip()))) {
      assertThat(in.readAllBytes()).isEqualTo(a.json());
    }
    assertThat(a.etag()).matches("\"[A-Za-z0-9_-]{24}\"");
    assertThat(a.gzipEtag()).isEqualTo(a.etag().replaceFirst("\"$", "-gzip\""));
    assertThat(ListCache.serialize(List.of(Map.of("name", "vm-1"))).etag()).isEqualTo(a.etag());
    assertThat(ListCache.serialize(List.of(Map.of("name", "vm-2"))).etag()).isNotEqualTo(a.etag());
  }

  @Test
  void acceptEncodingAndIfNoneMatch() throws Exception {
    assertThat(CachedJson.acceptsGzip(null)).isFalse();
    assertThat(CachedJson.acceptsGzip("gzip")).isTrue();
    assertThat(CachedJson.acceptsGzip("gzip, deflate, br, zstd")).isTrue();
    assertThat(CachedJson.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(CachedJson.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(CachedJson.acceptsGzip("gzip;q=0.000, *")).isFalse();
    assertThat(CachedJson.acceptsGzip("*")).isTrue();
    assertThat(CachedJson.acceptsGzip("br, identity")).isFalse();
    assertThat(CachedJson.acceptsGzip("gzip;q=nonsense")).isFalse();

    ListCache.Answer a = ListCache.serialize(List.of(1));
    assertThat(CachedJson.matches(null, a)).isFalse();
    assertThat(CachedJson.matches(a.etag(), a)).isTrue();
    assertThat(CachedJson.matches("\"other\", W/" + a.gzipEtag(), a)).isTrue();
    assertThat(CachedJson.matches("*", a)).isTrue();
    assertThat(CachedJson.matches("\"other\"", a)).isFalse();
  }
}
