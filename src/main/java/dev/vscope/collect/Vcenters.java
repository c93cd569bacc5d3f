package dev.vscope.collect;

import dev.vscope.config.VcenterConfig;
import dev.vscope.vim.CallListener;
import dev.vscope.vim.VcenterTls;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimEndpoint;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a vCenter's configuration into a connection. */
public final class Vcenters {

  private static final Logger logger = LoggerFactory.getLogger(Vcenters.class);

  private Vcenters() {}

  public static VimEndpoint endpoint(VcenterConfig c) {
    if (c.insecure()) {
      logger.warn("{}: TLS certificate verification is OFF (insecure: true); set thumbprint or caFile instead", c.name());
    }
    return VimEndpoint.of(c.name(), URI.create(c.url()), VcenterTls.context(c.thumbprint(), c.caFile(), c.insecure()))
        .withRequestTimeout(c.requestTimeout());
  }

  /** Logs in with the collector account of the configuration. */
  public static VimClient login(VcenterConfig c) {
    return login(c, CallListener.NONE);
  }

  /** Logs in with the collector account, telling {@code listener} about every call. */
  public static VimClient login(VcenterConfig c, CallListener listener) {
    return VimClient.login(endpoint(c).withListener(listener), c.username(), c.password());
  }
}
