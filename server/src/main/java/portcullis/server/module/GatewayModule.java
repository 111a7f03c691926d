package portcullis.server.module;

/**
 * One capability plugged into the server at start: a scheme and whatever it needs around it (its
 * store, its endpoints, its admin routes, its demo lines). Modules are listed in {@link
 * BuiltInModules}; each installs itself from the {@link ModuleContext} and keeps no global state.
 */
public interface GatewayModule {
  /** Registers schemes and dialects, mounts endpoints and admin routes. Called once, before routes are built. */
  void install(ModuleContext context);

  /** Lines the demo prints for this module (curl commands), or empty. */
  default String demoSection(DemoInfo demo) {
    return "";
  }

  /** Releases resources at shutdown. */
  default void close() {}
}
