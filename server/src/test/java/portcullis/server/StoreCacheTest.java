package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import portcullis.core.Directory;

class StoreCacheTest {
  final AtomicInteger reads = new AtomicInteger();
  final StoreCache<String> cache = new StoreCache<>(Duration.ofMinutes(1), 100);

  Optional<String> load(String key) {
    reads.incrementAndGet();
    return key.startsWith("none") ? Optional.empty() : Optional.of("v-" + key);
  }

  @Test
  void miss_mayNotBlock_wouldBlock_thenLoadedOnce() {
    assertThatThrownBy(() -> cache.get("a", false, this::load)).isSameAs(Directory.WouldBlock.INSTANCE);
    assertThat(reads).hasValue(0);
    assertThat(cache.get("a", true, this::load)).contains("v-a");
    assertThat(cache.get("a", false, this::load)).contains("v-a");
    assertThat(reads).hasValue(1);
  }

  @Test
  void absentRows_areCachedToo() {
    assertThat(cache.get("none1", true, this::load)).isEmpty();
    assertThat(cache.get("none1", false, this::load)).isEmpty();
    assertThat(reads).hasValue(1);
  }

  @Test
  void invalidations_dropEntries() {
    cache.get("a", true, this::load);
    cache.get("b", true, this::load);
    cache.get("c", true, this::load);
    cache.invalidate("a");
    cache.invalidateAll(List.of("b"));
    cache.invalidateIf(v -> v.equals("v-c"));
    for (String k : List.of("a", "b", "c")) {
      assertThatThrownBy(() -> cache.get(k, false, this::load)).isSameAs(Directory.WouldBlock.INSTANCE);
    }
  }

  @Test
  void followsTheDirectoryItIsCalledWith() {
    CachingDirectory directory = new CachingDirectory(null, Duration.ofMinutes(1), Duration.ofMinutes(1), 10);
    assertThatThrownBy(() -> cache.get("a", directory.nonBlocking(), this::load)).isSameAs(Directory.WouldBlock.INSTANCE);
    assertThat(cache.get("a", directory.blocking(), this::load)).contains("v-a");
  }
}
