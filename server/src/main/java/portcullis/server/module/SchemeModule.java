package portcullis.server.module;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import portcullis.core.SchemeDescription;

/**
 * A module whose scheme describes itself and reads one typed {@code schemes:} section: the
 * description and the options reader are given once, and {@link #checkOptions} and {@link
 * #options(ModuleContext)} both go through that reader (so start-up checks exactly what {@link
 * #install} will use).
 *
 * @param <O> the module's options, bound from its section
 */
public abstract class SchemeModule<O> implements GatewayModule {
  private final SchemeDescription description;
  private final Function<Map<String, Object>, O> reader;

  /**
   * @param reader reads (and checks) the module's section; throws {@link
   *     portcullis.server.config.ConfigException} naming the field
   */
  protected SchemeModule(SchemeDescription description, Function<Map<String, Object>, O> reader) {
    this.description = Objects.requireNonNull(description, "description == null");
    this.reader = Objects.requireNonNull(reader, "reader == null");
  }

  @Override
  public final SchemeDescription description() {
    return description;
  }

  @Override
  public final void checkOptions(Map<String, Object> options) {
    reader.apply(options);
  }

  /** The module's options, read from its section in {@code context}. */
  protected final O options(ModuleContext context) {
    return reader.apply(context.options());
  }
}
