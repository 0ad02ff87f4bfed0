package dev.livedrop.api;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * The route template a request path matches ({@code /api/v1/drops/:name/files}), so that metrics are
 * labelled by route: as many series as routes, whatever the drops are called. Built once from the
 * routers after every route is mounted; a path no template matches is {@code "unmatched"}.
 */
final class RouteTemplates {
  static final String UNMATCHED = "unmatched";
  private final List<String> templates = new ArrayList<>();
  private final List<String[]> segments = new ArrayList<>();

  /** The routes of {@code root}, and of {@code api} as mounted under {@code apiPrefix}. */
  RouteTemplates(Router root, Router api, String apiPrefix) {
    for (Route r : root.getRoutes()) add(r, "");
    for (Route r : api.getRoutes()) add(r, apiPrefix);
  }

  private void add(Route route, String prefix) {
    // A regex route has no path; its name is the template it stands for (WebRoutes names them).
    String path = route.getPath() != null ? route.getPath() : route.getName();
    if (path == null || !path.startsWith("/") || templates.contains(prefix + path)) return;
    templates.add(prefix + path);
    segments.add((prefix + path).split("/", -1));
  }

  /** The template with the most literal segments that {@code path} fits, or {@link #UNMATCHED}. */
  String of(String path) {
    if (path == null) return UNMATCHED;
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    String[] actual = path.split("/", -1);
    String best = UNMATCHED;
    int bestLiterals = -1;
    for (int i = 0; i < templates.size(); i++) {
      String[] t = segments.get(i);
      if (t.length != actual.length) continue;
      int literals = 0;
      boolean fits = true;
      for (int s = 0; s < t.length && fits; s++) {
        if (t[s].startsWith(":")) {
          fits = !actual[s].isEmpty();
        } else {
          fits = t[s].equals(actual[s]);
          literals++;
        }
      }
      if (fits && literals > bestLiterals) {
        best = templates.get(i);
        bestLiterals = literals;
      }
    }
    return best;
  }
}
