package portcullis.server.portal;

import java.util.List;

/**
 * What each portal template shows (src/main/jte): plain values, escaped by the template engine.
 * Public only because the precompiled templates live in another package; not an API.
 */
public final class Views {
  private Views() {}

  /**
   * The frame every page shares.
   *
   * @param realm the deployment's name, in the header
   * @param email the signed-in account's address, or null
   * @param csrf the sign-out form's CSRF value (signed in), or null
   * @param signupOpen whether to offer "Sign up"
   * @param plain a page of another flow (the OAuth authorization page): the header offers the portal only
   * @param status the account's standing when it is not active, or null
   */
  public record Frame(String realm, String title, String email, String csrf, boolean signupOpen, boolean plain, String notice,
      String error, Status status) {
    public Frame withError(String e) {
      return new Frame(realm, title, email, csrf, signupOpen, plain, notice, e, status);
    }

    public Frame withNotice(String n) {
      return new Frame(realm, title, email, csrf, signupOpen, plain, n, error, status);
    }
  }

  /** A locked or disabled account's banner: the seed's message and detail, and where to go. */
  public record Status(String message, String detail, String linkText, String linkUrl) {}

  public record SignIn(Frame frame, String csrf, String email, boolean resetAvailable) {}

  public record SignUp(Frame frame, String csrf, String email, boolean verification, int minLength) {}

  public record Forgot(Frame frame, String csrf, boolean available) {}

  public record Reset(Frame frame, String csrf, String token, int minLength) {}

  public record Verify(Frame frame, String csrf, String token) {}

  public record Message(Frame frame, String heading, String text, String linkText, String linkUrl) {}

  /** One app in "My apps". */
  public record AppRow(String key, String name, String scopes, boolean isPublic, String created, String lastUsed, boolean active,
      List<ScopeLine> scopeLines) {
    public String kind() {
      return isPublic ? "public" : "internal";
    }

    public String status() {
      return active ? "active" : "revoked";
    }
  }

  public record Apps(Frame frame, List<AppRow> apps, boolean mayRegister) {}

  public record ScopeChoice(String name, String description, boolean checked) {}

  /** A scope as listed on a page: its name and the description the deployment gave it ("" when none). */
  public record ScopeLine(String name, String description) {}

  /** The registration form, filled again with what was sent when it is refused. */
  public record NewApp(Frame frame, String csrf, List<ScopeChoice> scopes, String scopeText, String name, String description,
      boolean isPublic, String callbacks, String rsaKey) {
    public boolean freeScopes() {
      return scopes.isEmpty();
    }
  }

  /**
   * The one page that shows a secret: after registration or a rotation.
   *
   * @param oldSecretUntil when the previous secret stops working (rotation), or null
   */
  public record Secret(Frame frame, String heading, String name, String key, String secret, String oldSecretUntil) {}

  public record Overlap(long seconds, String label, boolean selected) {}

  /** One stacked bar of the usage chart: an hour. */
  public record Bar(int x, List<Segment> segments, String label, String tick) {}

  public record Segment(int y, int height, String outcome) {}

  public record Total(String outcome, String label, long count) {}

  public record Usage(List<Bar> bars, List<Total> totals, long max, int width, int height, int barWidth, String summary) {}

  public record Snippet(String title, String note, String code) {}

  public record Endpoint(String label, String value) {}

  public record QuickStart(List<Snippet> snippets, List<Endpoint> oauth1) {}

  /**
   * The app page's "Client certificates" (with the mtls module).
   *
   * @param bound the thumbprints bound to the app, oldest first
   * @param input what the add form holds again after a refusal ("" else)
   * @param mayChange the app is active: the add form and the remove buttons are shown
   */
  public record Certificates(List<Certificate> bound, String input, boolean mayChange) {}

  /** One bound certificate: its thumbprint as RFC 8705 writes it, as openssl prints it, and when it was added. */
  public record Certificate(String thumbprint, String hex, String added) {}

  /** @param certificates null without the mtls module */
  public record App(Frame frame, String csrf, AppRow app, String description, List<String> callbacks, String previousUntil,
      List<Overlap> overlaps, Usage usage, QuickStart quickStart, Certificates certificates) {}

  public record Revoke(Frame frame, String csrf, AppRow app) {}

  public record Legacy(Frame frame, String body) {}
}
