package dev.vscope.web;

import dev.vscope.config.AddressPatterns;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The address a request comes from, as the login throttle counts it and the audit log names it:
 * the peer's, or, when the peer is a trusted reverse proxy ({@code server.trustedProxies}), the one
 * the proxies name in {@code X-Forwarded-For}. The header is read from the right, where each proxy
 * appends the address it was reached from, skipping trusted addresses: the first untrusted one is
 * the client, and whatever a client wrote into the header itself stays to the left of it, unread.
 * An entry that is not an address stops the walk at the last trusted hop.
 *
 * <p>Written by hand because Jetty's {@code ForwardedRequestCustomizer} believes the header from
 * any peer, which would let anyone choose the address the throttle counts.
 */
public final class ClientAddress {

  private static final String HEADER = "X-Forwarded-For";

  private final InetAddressSet trusted;
  private final boolean trustsAny;

  private ClientAddress(InetAddressSet trusted, boolean trustsAny) {
    this.trusted = trusted;
    this.trustsAny = trustsAny;
  }

  /** Trusts the proxies at these addresses or ranges ({@link AddressPatterns#parse}); none: the peer is the client. */
  public static ClientAddress trusting(List<String> proxies) {
    return new ClientAddress(AddressPatterns.parse(proxies), !proxies.isEmpty());
  }

  /** The client's address, as the peer's address is written. */
  String of(Context ctx) {
    return of(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders(HEADER)));
  }

  /** @param forwardedFor the values of every {@code X-Forwarded-For} header, in order */
  String of(String peer, List<String> forwardedFor) {
    if (!trustsAny || !isTrusted(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress address = AddressPatterns.literal(hops.get(i));
      if (address == null) {
        return client;
      }
      client = address.getHostAddress();
      if (!trusted.test(address)) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    InetAddress a = AddressPatterns.literal(address);
    return a != null && trusted.test(a);
  }
}
