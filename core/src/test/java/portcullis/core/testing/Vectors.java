package portcullis.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The shared test vectors (shared/vectors/NAME.json on the test classpath as /vectors/NAME.json). */
public final class Vectors {
  private Vectors() {}

  /** The {@code "vectors"} array of {@code /vectors/NAME.json}, in file order. */
  public static List<JsonNode> of(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("no /vectors/" + name + ".json on the test classpath");
      }
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("vectors").forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
