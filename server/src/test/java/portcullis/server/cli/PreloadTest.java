package portcullis.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreloadTest {
  private String before;

  @BeforeEach
  void save() {
    before = System.getProperty("io.netty.jfr.enabled");
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty("io.netty.jfr.enabled");
    } else {
      System.setProperty("io.netty.jfr.enabled", before);
    }
  }

  @Test
  void nettysJfrEventsOffUnlessAskedFor() {
    System.clearProperty("io.netty.jfr.enabled");
    Preload.quietNettyJfr();
    assertEquals(jdk.jfr.FlightRecorder.isInitialized() ? null : "false", System.getProperty("io.netty.jfr.enabled"));
    System.setProperty("io.netty.jfr.enabled", "true");
    Preload.quietNettyJfr();
    assertEquals("true", System.getProperty("io.netty.jfr.enabled"), "an explicit setting is kept");
  }

  @Test
  void preloadingTheSigningKeyClassIsHarmless() throws Exception {
    Preload.start();
    // the class initialises once, whichever thread gets there first
    Class<?> c = Class.forName("portcullis.core.scheme.bearer.SigningKey", true, PreloadTest.class.getClassLoader());
    assertEquals("SigningKey", c.getSimpleName());
  }
}
