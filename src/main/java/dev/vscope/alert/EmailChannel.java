package dev.vscope.alert;

import dev.vscope.config.EmailConfig;
import dev.vscope.config.Severity;
import dev.vscope.vim.VcenterTls;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Mails each notification over SMTP with Jakarta Mail (Eclipse Angus Mail): STARTTLS required by
 * default (the conversation switches to TLS before anything else is said, or nothing is sent), or
 * TLS from the start, with the server's certificate and name verified; then authentication when an
 * account is configured. The password goes to the server and nowhere else: the session's debug
 * output, which would show it, stays off, and an error message is cleared of it should a server
 * echo it back.
 */
final class EmailChannel implements Channel {

  private final EmailConfig config;
  private final Duration repeat;
  private final Links links;
  private final Session session;

  EmailChannel(EmailConfig config, Duration repeat, Links links) {
    this.config = config;
    this.repeat = repeat;
    this.links = links;
    this.session = Session.getInstance(properties(config));
    this.session.setDebug(false);
  }

  private static Properties properties(EmailConfig c) {
    String p = c.security() == EmailConfig.Security.TLS ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    props.put(p + "host", c.host());
    props.put(p + "port", String.valueOf(c.port()));
    String ms = String.valueOf(c.timeout().toMillis());
    props.put(p + "connectiontimeout", ms);
    props.put(p + "timeout", ms);
    props.put(p + "writetimeout", ms);
    props.put(p + "auth", String.valueOf(c.username() != null));
    props.put(p + "from", c.from());
    if (c.security() == EmailConfig.Security.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (c.security() != EmailConfig.Security.NONE) {
      props.put(p + "ssl.checkserveridentity", "true");
      props.put(p + "ssl.protocols", "TLSv1.3 TLSv1.2");
      // the system's trust, plus the CA file when one is given; never "trust all"
      props.put(p + "ssl.socketFactory", VcenterTls.context(null, c.caFile(), false).getSocketFactory());
    }
    return props;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public boolean accepts(Severity severity) {
    return severity.compareTo(config.minSeverity()) >= 0;
  }

  @Override
  public Duration repeatInterval() {
    return repeat;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(config.from()));
      for (String to : config.to()) {
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      m.setSubject(NotificationText.subject(n), "UTF-8");
      m.setText(NotificationText.body(n, links), "UTF-8");
      m.setSentDate(new Date());
      m.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies to a robot
      try (Transport t = session.getTransport(config.security() == EmailConfig.Security.TLS ? "smtps" : "smtp")) {
        t.connect(config.host(), config.port(), config.username(), config.password());
        t.sendMessage(m, m.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw new DeliveryException(describe(e));
    }
  }

  /** What failed, with its causes (a MailConnectException wraps the ConnectException that says why), never the password. */
  private String describe(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null && s.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
      if (s.length() > 0) {
        s.append(" ← ");
      }
      s.append(t.getClass().getSimpleName());
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        s.append(": ").append(t.getMessage().strip().replaceAll("\\s+", " "));
      }
    }
    String out = s.toString();
    return config.password() == null || config.password().isEmpty() ? out : out.replace(config.password(), "***");
  }
}
