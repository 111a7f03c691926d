package portcullis.server.module;

import portcullis.server.demo.Demo;

/**
 * What a module needs to print its demo lines.
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:8080}
 * @param adminToken the demo's admin token
 * @param seeded the demo account and apps
 */
public record DemoInfo(String baseUrl, String adminToken, Demo.Seeded seeded) {}
