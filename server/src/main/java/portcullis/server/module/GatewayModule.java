package portcullis.server.module;

/**
 * One capability plugged into the server at start: a scheme and whatever it needs around it (its
 * store, its endpoints, its admin routes, its demo lines). Modules are listed in {@link
 * BuiltInModules}; each installs itself from the {@link ModuleContext} and keeps no global state.
 */
public interface GatewayModule {
  /**
   * What this module's scheme declares: its id (also the key of its {@code schemes:} section), its
   * dialect, its route options, its {@code Authorization} word and the headers and parameters that
   * carry its credentials. Called on a fresh instance before anything is installed (the
   * configuration is checked against it), so it must not depend on {@link #install}.
   */
  portcullis.core.SchemeDescription description();

  /** Registers schemes and dialects, mounts endpoints and admin routes. Called once, before routes are built. */
  void install(ModuleContext context);

  /**
   * Checks this module's {@code schemes:} section (empty when absent) without any side effect: no
   * file, no store, no key. {@link portcullis.server.config.ConfigLoader} calls it before it creates
   * anything, so a mistake stops start-up with nothing written; throws {@link
   * portcullis.server.config.ConfigException} naming the field. {@link #install} checks again.
   */
  default void checkOptions(java.util.Map<String, Object> options) {}

  /** Whether these (checked) options leave the module's scheme switched on; routes may not name a switched-off scheme. */
  default boolean enabled(java.util.Map<String, Object> options) {
    return true;
  }

  /** Lines the demo prints for this module (curl commands), or empty. */
  default String demoSection(DemoInfo demo) {
    return "";
  }

  /** Releases resources at shutdown. */
  /**
   * Post-authentication steps this module adds to every route's chain (after the route's scopes,
   * before its rate limit); each decides for itself which routes it applies to. Asked once installed.
   */
  default java.util.List<portcullis.core.AfterAuthentication> afterAuthentication() {
    return java.util.List.of();
  }

  default void close() {}
}
