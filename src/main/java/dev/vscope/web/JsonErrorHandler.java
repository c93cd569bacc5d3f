package dev.vscope.web;

import dev.vscope.Json;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to the requests it refuses before any handler runs (an ambiguous or malformed
 * URI, a URI or headers too large, an unknown HTTP version, no {@code Host}): the same JSON
 * {@code {error, message}} and security headers as every other answer, not Jetty's HTML page
 * (issue 15).
 */
final class JsonErrorHandler extends ErrorHandler {

  // from the server, not the request: a refused request has not been through the TLS customizer
  private final boolean https;

  JsonErrorHandler(boolean https) {
    this.https = https;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    // no path: an error is for no cache to keep, whatever was asked (a refused request's URI may not be read)
    SecurityHeaders.apply(response.getHeaders()::put, null, https);
    int status = response.getStatus();
    Object message = request.getAttribute(ERROR_MESSAGE);
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", "http_" + status);
    body.put("message", message instanceof String s && !s.isEmpty() ? s : HttpStatus.getMessage(status));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.write(true, ByteBuffer.wrap(Json.mapper().writeValueAsBytes(body)), callback);
    return true;
  }
}
