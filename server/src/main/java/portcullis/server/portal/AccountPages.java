package portcullis.server.portal;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import portcullis.core.Directory;
import portcullis.core.crypto.Crypto;
import portcullis.core.crypto.Passwords;
import portcullis.core.store.Account;
import portcullis.core.store.Store;
import portcullis.core.text.Emails;
import portcullis.server.http.RawBody;
import portcullis.server.oauth1.PageSecurity;

/**
 * Sign up, sign in, sign out, forgotten password and address confirmation. An unknown email and a
 * wrong password get the same answer after the same work (an Argon2id check against a dummy hash);
 * sign-in attempts pass the {@link SignInThrottle} first; "forgotten password" answers the same
 * whether or not the account exists, and sends its mail without waiting for it.
 */
final class AccountPages {
  static final Duration RESET_LIFETIME = Duration.ofHours(1);
  static final Duration SIGNUP_LIFETIME = Duration.ofHours(24);
  private final Portal p;
  private final com.github.benmanes.caffeine.cache.Cache<String, int[]> mailsPerAddress =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)).build();

  AccountPages(Portal p) {
    this.p = p;
  }

  private static String notice(RoutingContext ctx) {
    String n = RawBody.query(ctx, "n");
    return n == null ? null : switch (n) {
      case "signedout" -> "You are signed out.";
      case "reset" -> "Your password is changed. Sign in with the new one.";
      default -> null;
    };
  }

  // ---- sign in ----

  void signInForm(RoutingContext ctx) {
    signInPage(ctx, 200, p.anonymous("Sign in").withNotice(notice(ctx)), "");
  }

  private void signInPage(RoutingContext ctx, int status, Views.Frame f, String email) {
    p.render(ctx, status, "signin.jte", new Views.SignIn(f, p.security.csrf(ctx, Portal.ANONYMOUS), email == null ? "" : email,
        p.mailer != null));
  }

  void signIn(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    if (!p.security.csrfValid(ctx, Portal.ANONYMOUS, RawBody.first(form, "csrf"))) {
      expired(ctx);
      return;
    }
    String email = trim(RawBody.first(form, "email"));
    String password = RawBody.first(form, "password");
    if (email.isEmpty() || email.length() > 254 || password == null || password.isEmpty() || password.length() > 1024) {
      signInPage(ctx, 400, p.anonymous("Sign in").withError("Enter your email and password."), email);
      return;
    }
    String ip = Portal.ip(ctx);
    Duration wait = p.throttle.check(email, ip);
    if (wait != null) {
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
      signInPage(ctx, 429, p.anonymous("Sign in").withError("Too many sign-in attempts. Try again in "
          + Math.max(1, (wait.toSeconds() + 59) / 60) + " minutes, or reset your password."), email);
      return;
    }
    p.context.passwordChecks().submit(p.context.vertx(), () -> {
      Directory dir = p.context.directory().blocking();
      Optional<Account> a = dir.accountByEmail(email);
      // an unknown email costs the same Argon2id check as a wrong password (against a dummy hash)
      return dir.passwordMatches(a.orElse(null), password) ? a : Optional.<Account>empty();
    }).onComplete(ar -> {
      if (ar.failed()) {
        p.failed(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        p.throttle.failed(email, ip);
        signInPage(ctx, 401, p.anonymous("Sign in").withError("The email or password is not right. Try again."), email);
      } else {
        p.throttle.succeeded(email, ip);
        p.security.login(ctx, ar.result().get());
        Portal.redirect(ctx, Portal.PATH);
      }
    });
  }

  void signOut(RoutingContext ctx) {
    PageSecurity.Session s = p.security.session(ctx);
    if (s != null && p.security.csrfValid(ctx, "portal|" + s.key(), RawBody.formValue(ctx, "csrf"))) {
      p.security.end(ctx, s, p.context.worker()).onComplete(ar -> {
        if (ar.failed()) {
          p.failed(ctx, ar.cause());
        } else {
          Portal.redirect(ctx, Portal.PATH + "/signin?n=signedout");
        }
      });
      return;
    }
    Portal.redirect(ctx, Portal.PATH + "/signin");
  }

  private void expired(RoutingContext ctx) {
    p.message(ctx, 403, "This form has expired", "For your safety the form could not be accepted (it is old or came from another"
        + " site). Go back, reload the page and try again.", "Back to the portal", Portal.PATH);
  }

  private static String trim(String s) {
    return s == null ? "" : s.trim();
  }

  /** Why {@code password} cannot be an account's password (the admin API's rules), or null. */
  static String passwordProblem(String password) {
    if (password == null || password.codePointCount(0, password.length()) < Passwords.MIN_LENGTH) {
      return "The password must be at least " + Passwords.MIN_LENGTH + " characters.";
    }
    if (password.length() > 1024 || password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "The password must be at most 1024 characters, without control characters.";
    }
    return null;
  }

  // ---- sign up ----

  void signUpForm(RoutingContext ctx) {
    if (!p.config.signupOpen()) {
      closed(ctx);
      return;
    }
    signUpPage(ctx, 200, p.anonymous("Sign up"), "");
  }

  private void closed(RoutingContext ctx) {
    p.message(ctx, 403, "Sign-up is closed", "Accounts of this API are made by its provider. Ask them for one, then sign in here.",
        "Sign in", Portal.PATH + "/signin");
  }

  private void signUpPage(RoutingContext ctx, int status, Views.Frame f, String email) {
    p.render(ctx, status, "signup.jte", new Views.SignUp(f, p.security.csrf(ctx, Portal.ANONYMOUS), email, p.config.emailVerification(),
        Passwords.MIN_LENGTH));
  }

  void signUp(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    if (!p.security.csrfValid(ctx, Portal.ANONYMOUS, RawBody.first(form, "csrf"))) {
      expired(ctx);
      return;
    }
    if (!p.config.signupOpen()) {
      closed(ctx);
      return;
    }
    String email = trim(RawBody.first(form, "email"));
    String password = RawBody.first(form, "password");
    if (!Emails.isValid(email)) {
      signUpPage(ctx, 400, p.anonymous("Sign up").withError("Enter a valid email address, such as ali.baba+api@mail.example.com."),
          email.length() > 254 ? "" : email);
      return;
    }
    String problem = passwordProblem(password);
    if (problem != null) {
      signUpPage(ctx, 400, p.anonymous("Sign up").withError(problem), email);
      return;
    }
    if (p.config.emailVerification()) {
      pendingSignUp(ctx, email, password);
      return;
    }
    p.context.passwordChecks().submit(p.context.vertx(), () -> createAccount(email, password)).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof Store.DuplicateException) {
        signUpPage(ctx, 409, p.anonymous("Sign up").withError("An account with this email exists already. Sign in, or reset its password."),
            email);
      } else if (ar.failed()) {
        p.failed(ctx, ar.cause());
      } else {
        p.security.login(ctx, ar.result());
        Portal.redirect(ctx, Portal.PATH + "?n=welcome");
      }
    });
  }

  /** Blocking (Argon2id): makes the account, tells the password listeners (Digest's HA1) and drops a cached "no such email". */
  private Account createAccount(String email, String password) {
    Account a = p.context.directory().store().createAccount(UUID.randomUUID().toString(), email, Passwords.hash(password));
    p.context.passwords().passwordSet(a, password);
    p.context.directory().invalidateAccount(a);
    return a;
  }

  /** At most three mails an hour to one address, whatever asks for them. */
  private boolean mayMail(String email) {
    int[] n = mailsPerAddress.get(email.toLowerCase(java.util.Locale.ROOT), k -> new int[1]);
    synchronized (n) {
      return ++n[0] <= 3;
    }
  }

  /**
   * With {@code portal.emailVerification}: keeps the sign-up (its password sealed) and mails the
   * link; the account is made when it is opened. The answer is the same whether or not the address
   * has an account already (its owner gets a mail saying so instead).
   */
  private void pendingSignUp(RoutingContext ctx, String email, String password) {
    p.blocking(ctx, () -> {
      if (!mayMail(email)) {
        return null;
      }
      Optional<Account> existing = p.context.directory().store().accountByEmail(email);
      String base = p.mailBase();
      if (existing.isPresent()) {
        p.mailLater(email, p.context.settings().realm() + ": you already have an account",
            "Someone (perhaps you) tried to sign up with this address at " + base + Portal.PATH + "/signup.\n\n"
                + "You already have an account. Sign in at " + base + Portal.PATH + "/signin, or choose a new password at "
                + base + Portal.PATH + "/forgot.\n\nIf it was not you, ignore this mail.\n");
      } else {
        String token = Crypto.randomBase62(32);
        p.store.putSignup(Crypto.sha256Hex(token), email, password, p.context.clock().instant().plus(SIGNUP_LIFETIME));
        p.mailLater(email, p.context.settings().realm() + ": confirm your email",
            "Open this link to confirm your address and create your developer account:\n\n" + base + Portal.PATH + "/verify?token="
                + token + "\n\nThe link works once, for 24 hours. If you did not sign up, ignore this mail.\n");
      }
      return null;
    }, v -> p.message(ctx, 200, "Check your inbox", "We sent a link to " + email + ". Open it to confirm your address and create"
        + " your account; it works for 24 hours.", null, null));
  }

  void verifyForm(RoutingContext ctx) {
    String token = RawBody.query(ctx, "token");
    if (token == null || token.isEmpty() || token.length() > 64) {
      p.message(ctx, 400, "This link is not complete", "Open the link from the mail exactly as it is.", null, null);
      return;
    }
    p.render(ctx, 200, "verify.jte", new Views.Verify(p.anonymous("Confirm your email"), p.security.csrf(ctx, Portal.ANONYMOUS), token));
  }

  void verify(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    if (!p.security.csrfValid(ctx, Portal.ANONYMOUS, RawBody.first(form, "csrf"))) {
      expired(ctx);
      return;
    }
    String token = trim(RawBody.first(form, "token"));
    if (token.isEmpty() || token.length() > 64) {
      p.message(ctx, 400, "This link is not complete", "Open the link from the mail exactly as it is.", null, null);
      return;
    }
    Instant now = p.context.clock().instant();
    p.context.passwordChecks().submit(p.context.vertx(), () -> p.store.takeSignup(Crypto.sha256Hex(token), now)
        .map(s -> createAccount(s.email(), s.password()))).onComplete(ar -> {
          if (ar.failed() && ar.cause() instanceof Store.DuplicateException) {
            p.message(ctx, 409, "You have an account already", "This address has an account already. Sign in with it.", "Sign in",
                Portal.PATH + "/signin");
          } else if (ar.failed()) {
            p.failed(ctx, ar.cause());
          } else if (ar.result().isEmpty()) {
            p.message(ctx, 400, "This link is not valid any more", "It was used already or is older than 24 hours. Sign up again.",
                "Sign up", Portal.PATH + "/signup");
          } else {
            p.security.login(ctx, ar.result().get());
            Portal.redirect(ctx, Portal.PATH + "?n=confirmed");
          }
        });
  }

  // ---- forgotten password ----

  void forgotForm(RoutingContext ctx) {
    p.render(ctx, 200, "forgot.jte", new Views.Forgot(p.anonymous("Forgotten password"), p.security.csrf(ctx, Portal.ANONYMOUS),
        p.mailer != null));
  }

  void forgot(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    if (!p.security.csrfValid(ctx, Portal.ANONYMOUS, RawBody.first(form, "csrf"))) {
      expired(ctx);
      return;
    }
    if (p.mailer == null) {
      forgotForm(ctx);
      return;
    }
    String email = trim(RawBody.first(form, "email"));
    if (!Emails.isValid(email)) {
      p.render(ctx, 400, "forgot.jte", new Views.Forgot(p.anonymous("Forgotten password").withError("Enter a valid email address."),
          p.security.csrf(ctx, Portal.ANONYMOUS), true));
      return;
    }
    // the answer does not wait for the look-up or the mail: the same, as fast, for every address
    p.context.worker().executeBlocking(() -> {
      Optional<Account> a = p.context.directory().store().accountByEmail(email);
      if (a.isPresent() && mayMail(email)) {
        String token = Crypto.randomBase62(32);
        p.store.putReset(Crypto.sha256Hex(token), a.get().id(), p.context.clock().instant().plus(RESET_LIFETIME));
        String base = p.mailBase();
        p.mailer.send(a.get().email(), p.context.settings().realm() + ": choose a new password",
            "Open this link to choose a new password for your developer account:\n\n" + base + Portal.PATH + "/reset?token=" + token
                + "\n\nIt works for one hour. If you did not ask for it, ignore this mail: your password stays as it is.\n");
      }
      return null;
    }, false).onFailure(e -> org.slf4j.LoggerFactory.getLogger(AccountPages.class).warn("portal: password reset mail: {}", e.getMessage()));
    p.message(ctx, 200, "Check your inbox", "If " + email + " has an account, we sent it a link to choose a new password. It works"
        + " for one hour.", "Back to sign in", Portal.PATH + "/signin");
  }

  void resetForm(RoutingContext ctx) {
    String token = RawBody.query(ctx, "token");
    if (token == null || token.isEmpty() || token.length() > 64) {
      p.message(ctx, 400, "This link is not complete", "Open the link from the mail exactly as it is.", null, null);
      return;
    }
    Instant now = p.context.clock().instant();
    p.blocking(ctx, () -> p.store.resetAccount(Crypto.sha256Hex(token), now), a -> {
      if (a.isEmpty()) {
        invalidReset(ctx);
      } else {
        resetPage(ctx, 200, p.anonymous("Choose a new password"), token);
      }
    });
  }

  private void invalidReset(RoutingContext ctx) {
    p.message(ctx, 400, "This link is not valid any more", "It was used already or is older than one hour. Ask for a new one.",
        "Forgotten password", Portal.PATH + "/forgot");
  }

  private void resetPage(RoutingContext ctx, int status, Views.Frame f, String token) {
    p.render(ctx, status, "reset.jte", new Views.Reset(f, p.security.csrf(ctx, Portal.ANONYMOUS), token, Passwords.MIN_LENGTH));
  }

  void reset(RoutingContext ctx) {
    var form = RawBody.form(ctx);
    if (!p.security.csrfValid(ctx, Portal.ANONYMOUS, RawBody.first(form, "csrf"))) {
      expired(ctx);
      return;
    }
    String token = trim(RawBody.first(form, "token"));
    String password = RawBody.first(form, "password");
    if (token.isEmpty() || token.length() > 64) {
      invalidReset(ctx);
      return;
    }
    String problem = passwordProblem(password);
    if (problem != null) {
      resetPage(ctx, 400, p.anonymous("Choose a new password").withError(problem), token);
      return;
    }
    Instant now = p.context.clock().instant();
    p.context.passwordChecks().submit(p.context.vertx(), () -> {
      Optional<String> id = p.store.resetAccount(Crypto.sha256Hex(token), now);
      if (id.isEmpty()) {
        return false;
      }
      Optional<Account> a = p.context.directory().store().updatePassword(id.get(), Passwords.hash(password));
      p.store.endResets(id.get());
      a.ifPresent(updated -> {
        p.context.passwords().passwordSet(updated, password);
        p.context.directory().invalidateAccount(updated);
      });
      return a.isPresent();
    }).onComplete(ar -> {
      if (ar.failed()) {
        p.failed(ctx, ar.cause());
      } else if (!ar.result()) {
        invalidReset(ctx);
      } else {
        p.security.logout(ctx);
        Portal.redirect(ctx, Portal.PATH + "/signin?n=reset");
      }
    });
  }
}
