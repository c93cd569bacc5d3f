package dev.vscope.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.web.ServerIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real SMTP server (Debian's python3-aiosmtpd, {@code src/test/resources/alerts/smtp_server.py})
 * that requires STARTTLS and then authentication, with a self-signed certificate for 127.0.0.1
 * made in its directory ({@link #certificate()}: the CA file a client trusts). The messages it
 * receives are read back as JSON.
 */
public final class SmtpServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path dir;
  private final int port;

  private SmtpServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts it on {@code port} of 127.0.0.1, in {@code dir} (certificate, key, messages). */
  public static SmtpServer start(Path dir, int port, String username, String password) throws IOException, InterruptedException {
    Path tls = dir.resolve("tls");
    try {
      ServerIdentity.selfSigned(tls, java.time.Instant.now());
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    Path messages = Files.createDirectories(dir.resolve("messages"));
    Path script;
    try {
      script = Path.of(SmtpServer.class.getResource("/alerts/smtp_server.py").toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    // Debian's Python, where python3-aiosmtpd is installed (a python3 earlier on the PATH may not have it)
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(port), tls.resolve("vscope-cert.pem").toString(),
        tls.resolve("vscope-key.pem").toString(), username, password, messages.toString())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("smtp.log").toFile())).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      p.destroyForcibly().waitFor();
      throw new IOException("the SMTP server did not start: " + Files.readString(dir.resolve("smtp.log")));
    }
    return new SmtpServer(p, dir, port);
  }

  public int port() {
    return port;
  }

  /** The certificate it presents, self-signed: the CA file its clients trust. */
  public Path certificate() {
    return dir.resolve("tls").resolve("vscope-cert.pem");
  }

  /** The messages received, in order. */
  public List<JsonNode> messages() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("messages"))) {
      files = s.filter(f -> f.getFileName().toString().matches("msg-\\d+\\.json"))
          .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
    }
    List<JsonNode> out = new ArrayList<>();
    for (Path f : files) {
      out.add(JSON.readTree(f.toFile()));
    }
    return out;
  }

  private static int number(Path f) {
    String n = f.getFileName().toString();
    return Integer.parseInt(n.substring(4, n.length() - 5));
  }

  /** The messages once they satisfy {@code done}, waiting up to {@code seconds}. */
  public List<JsonNode> await(int seconds, Predicate<List<JsonNode>> done) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      List<JsonNode> m = messages();
      if (done.test(m)) {
        return m;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such mail within " + seconds + " s; received: " + m + "; log: " + Files.readString(dir.resolve("smtp.log")));
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close(); // the script stops at the end of its input
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
