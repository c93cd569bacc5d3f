package dev.vscope.vim;

import com.ctc.wstx.exc.WstxLazyException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vim25 over HTTPS with the JDK's HttpClient. Answers are parsed while they stream in, with a cap
 * on their size, so neither a huge inventory nor a hostile answer can fill the heap. The session
 * is the {@code vmware_soap_session} cookie that Login sets; it is kept here, per transport.
 */
public final class HttpSoapTransport implements SoapTransport {

  private static final Logger logger = LoggerFactory.getLogger(HttpSoapTransport.class);
  private static final String ENVELOPE_START =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope"
          + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
          + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
          + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>";
  private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";
  private static final String COOKIE = "vmware_soap_session";

  private final String vcenter;
  private final URI url;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final long maxResponseBytes;
  private final String soapAction;
  private final CallListener listener;
  private volatile String sessionCookie;

  public HttpSoapTransport(VimEndpoint endpoint) {
    this.vcenter = endpoint.name();
    this.url = endpoint.url();
    this.requestTimeout = endpoint.requestTimeout();
    this.maxResponseBytes = endpoint.maxResponseBytes();
    this.listener = endpoint.listener();
    // vim25 7.0 is understood by vCenter 7 and 8 and carries every property vscope reads.
    this.soapAction = "urn:vim25/7.0";
    this.http = endpoint.http();
  }

  @Override
  public String vcenter() {
    return vcenter;
  }

  /** Forgets the session cookie, so the next Login starts a new session. */
  public void clearSession() {
    sessionCookie = null;
  }

  @Override
  public <T> T call(SoapBody body, ResponseReader<T> reader) {
    long start = System.nanoTime();
    String request = body.end();
    try {
      T result = send(body.method(), request, reader);
      listener.called(body.method(), request, System.nanoTime() - start, null);
      return result;
    } catch (VimException e) {
      listener.called(body.method(), request, System.nanoTime() - start, e);
      throw e;
    }
  }

  private <T> T send(String method, String requestBody, ResponseReader<T> reader) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", soapAction)
            .POST(HttpRequest.BodyPublishers.ofString(envelope(requestBody)));
    String cookie = sessionCookie;
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    long start = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (SSLException e) {
      throw new VimProtocolException(
          vcenter + ": TLS with " + url + " failed (" + e.getMessage()
              + "); set the vCenter's thumbprint or caFile in the configuration",
          e);
    } catch (IOException e) {
      throw new VimUnreachableException(vcenter + ": " + method + " to " + url + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VimUnreachableException(vcenter + ": " + method + " interrupted", e);
    }
    response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(COOKIE + "="))
        .findFirst()
        .ifPresent(c -> sessionCookie = c.split(";", 2)[0]);
    try (InputStream in = new LimitedInputStream(response.body(), maxResponseBytes)) {
      int status = response.statusCode();
      if (status != 200 && status != 500) {
        String what = vcenter + ": " + method + " answered HTTP " + status;
        if (status == 502 || status == 503 || status == 504) {
          throw new VimUnreachableException(what, null);
        }
        throw new VimProtocolException(what, null);
      }
      T result = SoapEnvelope.read(in, vcenter, method, reader);
      if (logger.isDebugEnabled()) {
        logger.debug("{}: {} took {} ms", vcenter, method, (System.nanoTime() - start) / 1_000_000);
      }
      return result;
    } catch (XMLStreamException e) {
      throw parseFailure(method, e);
    } catch (WstxLazyException e) {
      // Woodstox reports some read errors only from a later accessor (getTextLength, say), unchecked;
      // an answer cut at the size cap in the middle of a text must still be a typed error
      throw parseFailure(method, e.getCause() instanceof XMLStreamException x ? x : new XMLStreamException(e));
    } catch (ResponseTooLargeException e) {
      throw new VimResponseTooLargeException(vcenter + ": " + method + " " + e.getMessage(), e);
    } catch (IOException e) {
      throw new VimUnreachableException(vcenter + ": " + method + " answer broke off: " + describe(e), e);
    }
  }

  private VimException parseFailure(String method, XMLStreamException e) {
    if (e.getNestedException() instanceof ResponseTooLargeException tooLarge) {
      return new VimResponseTooLargeException(vcenter + ": " + method + " " + tooLarge.getMessage(), e);
    }
    if (e.getNestedException() instanceof IOException io) {
      return new VimUnreachableException(vcenter + ": " + method + " answer broke off: " + describe(io), e);
    }
    return new VimProtocolException(vcenter + ": " + method + " answered malformed XML: " + describe(e), e);
  }

  /** The SOAP envelope around a request element. */
  public static String envelope(String requestBody) {
    return ENVELOPE_START + requestBody + ENVELOPE_END;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Thrown when an answer grows past the configured limit. */
  static final class ResponseTooLargeException extends IOException {
    ResponseTooLargeException(long limit) {
      super("answer larger than " + limit + " bytes");
    }
  }

  /** Stops reading an answer at a byte limit. */
  private static final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      count += n;
      if (count > limit) {
        throw new ResponseTooLargeException(limit);
      }
    }
  }
}
