package portcullis.server.config;

import java.net.URI;
import java.util.Map;
import portcullis.core.text.Emails;

/** Reads and checks the {@code portal:} section (docs/portal.md); {@code PORTCULLIS_SMTP_PASSWORD} overrides the SMTP password. */
final class PortalConfig {
  private PortalConfig() {}

  static Settings.Portal read(Map<String, String> env, GatewayConfig.PortalSection p) {
    if (p == null) {
      p = new GatewayConfig.PortalSection(null, null, null, null, null, null);
    }
    String signup = p.signup() == null ? "open" : p.signup();
    if (!signup.equals("open") && !signup.equals("closed")) {
      throw new ConfigException("portal.signup must be open or closed, was '" + signup + "'");
    }
    boolean verify = Boolean.TRUE.equals(p.emailVerification());
    Settings.Smtp smtp = smtp(env, p.smtp());
    if (verify && smtp == null) {
      throw new ConfigException("portal.emailVerification: true needs portal.smtp.host (and portal.smtp.from) to send the confirmation mails");
    }
    String base = p.baseUrl();
    if (base != null) {
      URI u;
      try {
        u = new URI(base.trim());
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException("portal.baseUrl: not a URL: '" + base + "'");
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
          || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) || u.getQuery() != null) {
        throw new ConfigException("portal.baseUrl: must be http(s)://host[:port] without a path, was '" + base + "'");
      }
      base = base.trim().replaceAll("/$", "");
    }
    return new Settings.Portal(signup.equals("open"), verify, link("portal.paymentUrl", p.paymentUrl()),
        link("portal.contactUrl", p.contactUrl()), base, smtp);
  }

  private static String link(String field, String v) {
    if (v == null) {
      return null;
    }
    String t = v.trim();
    boolean ok = t.startsWith("https://") || t.startsWith("http://") || t.startsWith("mailto:");
    try {
      new URI(t);
    } catch (java.net.URISyntaxException e) {
      ok = false;
    }
    if (!ok || t.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
      throw new ConfigException(field + " must be an http(s):// or mailto: link, was '" + v + "'");
    }
    return t;
  }

  private static Settings.Smtp smtp(Map<String, String> env, GatewayConfig.SmtpSection s) {
    if (s == null || s.host() == null) {
      if (s != null && (s.port() != null || s.username() != null || s.from() != null)) {
        throw new ConfigException("portal.smtp.host is required when portal.smtp is given");
      }
      return null;
    }
    String host = s.host().trim();
    if (!host.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) {
      throw new ConfigException("portal.smtp.host must be a host name or address, was '" + s.host() + "'");
    }
    String security = s.security() == null ? "starttls" : s.security();
    if (!security.equals("starttls") && !security.equals("tls") && !security.equals("none")) {
      throw new ConfigException("portal.smtp.security must be starttls, tls or none, was '" + security + "'");
    }
    int port = ConfigLoader.range("portal.smtp.port", s.port() == null ? (security.equals("tls") ? 465 : 587) : s.port(), 1, 65535);
    if (s.from() == null || !Emails.isValid(s.from().trim())) {
      throw new ConfigException("portal.smtp.from must be the sender's email address, such as api@example.com, was '" + s.from() + "'");
    }
    String password = ConfigLoader.firstNonBlank(env.get("PORTCULLIS_SMTP_PASSWORD"), s.password());
    if (password != null && s.username() == null) {
      throw new ConfigException("portal.smtp.password is set but portal.smtp.username is not");
    }
    return new Settings.Smtp(host, port, s.username(), password, s.from().trim(), security);
  }
}
