package portcullis.server.portal;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import portcullis.server.config.Settings;

/** Mail over SMTP with Jakarta Mail (Eclipse Angus): STARTTLS required, implicit TLS, or plain (a local relay). */
public final class SmtpMailer implements Mailer {
  private final Session session;
  private final Settings.Smtp smtp;

  public SmtpMailer(Settings.Smtp smtp) {
    this.smtp = smtp;
    Properties p = new Properties();
    String proto = smtp.security().equals("tls") ? "smtps" : "smtp";
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", smtp.host());
    p.put("mail." + proto + ".port", Integer.toString(smtp.port()));
    p.put("mail." + proto + ".connectiontimeout", "5000");
    p.put("mail." + proto + ".timeout", "10000");
    p.put("mail." + proto + ".writetimeout", "10000");
    p.put("mail." + proto + ".from", smtp.from());
    if (smtp.security().equals("starttls")) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (!smtp.security().equals("none")) {
      p.put("mail." + proto + ".ssl.checkserveridentity", "true");
    }
    Authenticator auth = null;
    if (smtp.username() != null) {
      p.put("mail." + proto + ".auth", "true");
      auth = new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(smtp.username(), smtp.password() == null ? "" : smtp.password());
        }
      };
    }
    this.session = Session.getInstance(p, auth);
  }

  @Override
  public void send(String to, String subject, String text) {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(smtp.from()));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
      m.setSubject(subject, StandardCharsets.UTF_8.name());
      m.setSentDate(new Date());
      m.setText(text, StandardCharsets.UTF_8.name());
      Transport.send(m);
    } catch (MessagingException e) {
      throw new MailException("mail to the SMTP relay " + smtp.host() + ":" + smtp.port() + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage().lines().findFirst().orElse("")), null);
    }
  }
}
