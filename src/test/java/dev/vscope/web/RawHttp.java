package dev.vscope.web;

import dev.vscope.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 written by hand over TLS to vscope's HTTPS server: what an HTTP client will not send
 * (a bad URI, a 20 kB header, no Host, an unknown method), from a chosen loopback address.
 */
final class RawHttp {

  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

  private final SSLContext tls;
  private final int port;

  private RawHttp(SSLContext tls, int port) {
    this.tls = tls;
    this.port = port;
  }

  static RawHttp to(TestApp app) throws IOException, GeneralSecurityException {
    return new RawHttp(app.serverTls(), URI.create(app.baseUrl()).getPort());
  }

  /** A TLS connection from {@code localAddress} (any of 127.0.0.0/8), handshake done. */
  Socket connect(String localAddress) throws IOException {
    Socket plain = new Socket();
    plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
    s.setSoTimeout(60_000);
    s.startHandshake();
    return s;
  }

  Answer exchange(String request) throws IOException {
    return exchange("127.0.0.1", request);
  }

  /** One exchange on a connection of its own: the answer up to its Content-Length, or until the server closes. */
  Answer exchange(String localAddress, String request) throws IOException {
    try (Socket s = connect(localAddress)) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          if (complete(out.toString(StandardCharsets.UTF_8))) {
            break;
          }
        }
      } catch (IOException ignored) {
        // the server may reset after answering a refused request it did not read whole
      }
      return new Answer(out.toString(StandardCharsets.UTF_8));
    }
  }

  /** Headers read, and a body of the given Content-Length. */
  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    Matcher m = CONTENT_LENGTH.matcher(text.substring(0, end));
    return m.find() && text.length() - end - 4 >= Integer.parseInt(m.group(1));
  }

  /** An answer as it came over the wire. */
  record Answer(String text) {

    int status() {
      return text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
    }

    String header(String name) {
      Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ": *([^\r\n]*)").matcher(head());
      return m.find() ? m.group(1) : null;
    }

    String head() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? text : text.substring(0, end + 2);
    }

    String body() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? "" : text.substring(end + 4);
    }
  }
}
