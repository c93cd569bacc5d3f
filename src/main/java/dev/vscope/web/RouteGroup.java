package dev.vscope.web;

import io.javalin.config.RoutesConfig;

/** A set of routes the server mounts. */
@FunctionalInterface
public interface RouteGroup {

  void register(RoutesConfig routes);
}
