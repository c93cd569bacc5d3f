package dev.vscope.web;

import dev.vscope.LogText;
import dev.vscope.collect.VisibleEntities;
import dev.vscope.config.VcenterConfig;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimEndpoint;
import dev.vscope.vim.VimException;
import dev.vscope.vim.VimLoginException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks credentials by logging in to each configured vCenter with them: the user's set is the
 * union of what each accepting vCenter lets them see. A vCenter that refuses or cannot be reached
 * simply adds nothing; the login fails only when no vCenter accepts.
 */
public final class VcenterAuthenticator implements Authenticator {

  private static final Logger logger = LoggerFactory.getLogger(VcenterAuthenticator.class);

  private final List<VimEndpoint> endpoints;
  private final int pageSize;

  /**
   * @param endpoints makes the endpoint of a vCenter; called once per vCenter here, so that all
   *     users' sessions with one vCenter share its HTTP client
   */
  public VcenterAuthenticator(List<VcenterConfig> vcenters, Function<VcenterConfig, VimEndpoint> endpoints, int pageSize) {
    this.endpoints = vcenters.stream().map(endpoints).toList();
    this.pageSize = pageSize;
  }

  @Override
  public UserLogin login(String username, String password) {
    List<VimClient> clients = new ArrayList<>();
    int unreachable = 0;
    for (VimEndpoint vc : endpoints) {
      try {
        clients.add(VimClient.login(vc, username, password));
      } catch (VimLoginException e) {
        // wrong password here; maybe right on another vCenter
      } catch (VimException e) {
        unreachable++;
        logger.warn("{}: cannot check a login: {}", vc.name(), LogText.of(e.getMessage()));
      }
    }
    if (clients.isEmpty()) {
      if (unreachable == endpoints.size() && unreachable > 0) {
        throw new ApiException(503, "vcenter_unavailable", "vCenter cannot be reached to check the login; try again later");
      }
      throw new LoginRefusedException();
    }
    VcenterLogin login = new VcenterLogin(clients, pageSize);
    try {
      login.refresh();
    } catch (RuntimeException e) { // LoginRefusedException included: refused between login and read
      login.close();
      throw e;
    }
    return login;
  }

  private static final class VcenterLogin implements UserLogin {
    private final List<VimClient> clients;
    private final int pageSize;
    private volatile Set<String> visible = Set.of();

    VcenterLogin(List<VimClient> clients, int pageSize) {
      this.clients = clients;
      this.pageSize = pageSize;
    }

    @Override
    public Set<String> visible() {
      return visible;
    }

    /**
     * A vCenter that cannot be reached now keeps what it showed before, rather than hiding
     * everything; the session store bounds how long. A vCenter that refuses the user's credentials
     * (the account was removed or its password changed, and the session was lost) ends the login.
     */
    @Override
    public boolean refresh() {
      Set<String> ids = new HashSet<>();
      boolean complete = true;
      for (VimClient vc : clients) {
        try {
          ids.addAll(VisibleEntities.read(vc, pageSize));
        } catch (VimLoginException e) {
          throw new LoginRefusedException();
        } catch (VimException e) {
          complete = false;
          String prefix = vc.endpoint().name() + ":";
          visible.stream().filter(id -> id.startsWith(prefix)).forEach(ids::add);
          logger.warn("{}: cannot refresh a user's visible entities: {}", vc.endpoint().name(), LogText.of(e.getMessage()));
        }
      }
      visible = Set.copyOf(ids);
      return complete;
    }

    @Override
    public void close() {
      clients.forEach(VimClient::close);
    }
  }
}
