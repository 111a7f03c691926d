package portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Paths#refusal}'s segment checks, read in place, against the split-based reading they replaced. */
class PathsTest {
  @Test
  void segmentChecks() {
    assertThat(Paths.refusal("/api/a/b")).isNull();
    assertThat(Paths.refusal("/")).isNull();
    assertThat(Paths.refusal("/api/")).isNull();
    assertThat(Paths.refusal("/api/./b")).isEqualTo(Paths.DOT_SEGMENTS);
    assertThat(Paths.refusal("/api/..")).isEqualTo(Paths.DOT_SEGMENTS);
    assertThat(Paths.refusal("/api//b")).isEqualTo(Paths.EMPTY_SEGMENT);
    assertThat(Paths.refusal("/api/b./c")).isEqualTo(Paths.SEGMENT_END);
    assertThat(Paths.refusal("/api/b%20")).isEqualTo(Paths.SEGMENT_END);
    assertThat(Paths.refusal("/api/...")).isEqualTo(Paths.SEGMENT_END);
    assertThat(Paths.refusal("/api/.x")).isNull();
  }

  @Test
  void sameAnswersAsSplittingTheSegments() {
    List<String> parts = List.of("/", "a", ".", "..", "%20", "x.", "b", "%3B", "20", "//"); // as normalize() leaves them: whole escapes
    Random random = new Random(17);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder p = new StringBuilder("/");
      for (int k = random.nextInt(7); k > 0; k--) {
        p.append(parts.get(random.nextInt(parts.size())));
      }
      String path = p.toString();
      String expected = bySplitting(path);
      String actual = Paths.refusal(path);
      if (expected != null) {
        assertThat(actual).as(path).isEqualTo(expected);
      } else {
        assertThat(actual).as(path).isNotIn(Paths.DOT_SEGMENTS, Paths.EMPTY_SEGMENT, Paths.SEGMENT_END);
      }
    }
  }

  /** The reading before: {@code split("/", -1)} and a check per segment. */
  private static String bySplitting(String routePath) {
    String[] segments = routePath.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals(".") || s.equals("..")) {
        return Paths.DOT_SEGMENTS;
      }
      if (s.isEmpty() && i > 0 && i < segments.length - 1) {
        return Paths.EMPTY_SEGMENT;
      }
      if (s.endsWith(".") || s.endsWith("%20")) {
        return Paths.SEGMENT_END;
      }
    }
    return null;
  }
}
