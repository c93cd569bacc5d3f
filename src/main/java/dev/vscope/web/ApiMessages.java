package dev.vscope.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's error {@code message} in the caller's language (issue 17): French when the request's
 * {@code Accept-Language} prefers it, English otherwise. The {@code error} code is never
 * translated; scripts key on it. Messages are written in English where they are thrown and
 * translated here, at the one place errors become JSON ({@link WebServer}), so the throwing code
 * stays as it is. A message with no translation goes out in English.
 *
 * <p>A template's {@code {}} stands for a part that comes from the request (an id, a parameter
 * name) and is carried over unchanged. ApiMessagesTest checks that every message the web package
 * throws has its French template.
 */
final class ApiMessages {

  private static final List<Locale.LanguageRange> NONE = List.of();
  private static final List<String> LANGUAGES = List.of("en", "fr");

  /** English template → French template. */
  static final Map<String, String> FRENCH = Map.ofEntries(
      Map.entry("cross-site request refused", "requête venant d’un autre site refusée"),
      Map.entry("requests without Origin may only log in and out", "une requête sans en-tête Origin ne peut que se connecter ou se déconnecter"),
      Map.entry("log in first", "connectez-vous d’abord"),
      Map.entry("entity {} not found", "objet {} introuvable"),
      Map.entry("metric {} not found", "métrique {} introuvable"),
      Map.entry("datacenter {} not found", "centre de données {} introuvable"),
      Map.entry("cluster {} not found", "cluster {} introuvable"),
      Map.entry("datastore {} not found", "banque de données {} introuvable"),
      Map.entry("/metrics (no metrics.token configured) not found", "/metrics introuvable (aucun metrics.token configuré)"),
      Map.entry("no such endpoint", "point d’accès inconnu"),
      Map.entry("range must be one of hour, day, week, month, year", "range doit valoir hour, day, week, month ou year"),
      Map.entry("parameter '{}' is required", "le paramètre '{}' est obligatoire"),
      Map.entry("parameter '{}' is too long", "le paramètre '{}' est trop long"),
      Map.entry("unknown parameter '{}'", "paramètre '{}' inconnu"),
      Map.entry("parameter 'target' must be a whole number from 1 to 100", "le paramètre 'target' doit être un nombre entier de 1 à 100"),
      Map.entry("parameter 'nplus1' must be true or false", "le paramètre 'nplus1' doit valoir true ou false"),
      Map.entry("parameter 'scope': no entity {}", "paramètre 'scope' : aucun objet {}"),
      Map.entry("parameter 'scope': {} is not a datacenter, cluster, host or datastore",
          "paramètre 'scope' : {} n’est ni un centre de données, ni un cluster, ni un hôte, ni une banque de données"),
      Map.entry("parameter 'metric': {} is not one of {}", "paramètre 'metric' : {} ne fait pas partie de {}"),
      Map.entry("parameter 'range' must be one of hour, day, week", "le paramètre 'range' doit valoir hour, day ou week"),
      Map.entry("parameter 'limit' must be a whole number from 1 to {}", "le paramètre 'limit' doit être un nombre entier de 1 à {}"),
      Map.entry("parameter 'type' must be one of vm, host, datastore", "le paramètre 'type' doit valoir vm, host ou datastore"),
      Map.entry("use the parameter 'entity' or 'datacenter', not both", "utilisez le paramètre 'entity' ou 'datacenter', pas les deux"),
      Map.entry("parameter 'since' must be a date and time such as 2026-01-31T08:00:00Z",
          "le paramètre 'since' doit être une date et une heure comme 2026-01-31T08:00:00Z"),
      Map.entry("parameter 'type': {} is not one of {}", "paramètre 'type' : {} ne fait pas partie de {}"),
      Map.entry("the events cannot be read now; try again later", "les événements sont illisibles pour le moment ; réessayez plus tard"),
      Map.entry("a valid bearer token is required", "un jeton bearer valide est requis"),
      Map.entry("login is turned off on this server", "la connexion est désactivée sur ce serveur"),
      Map.entry("expected a JSON body {\"username\": ..., \"password\": ...}", "corps JSON attendu : {\"username\": ..., \"password\": ...}"),
      Map.entry("username and password are required (at most {} characters)", "nom d’utilisateur et mot de passe obligatoires ({} caractères au plus)"),
      Map.entry("too many failed logins; try again later", "trop d’échecs de connexion ; réessayez plus tard"),
      Map.entry("too many failed logins", "trop d’échecs de connexion"),
      Map.entry("the server holds too many sessions; try again later", "le serveur a trop de sessions ouvertes ; réessayez plus tard"),
      Map.entry("the query string is not valid URL encoding", "les paramètres de l’URL ne sont pas correctement encodés"),
      Map.entry("wrong username or password", "nom d’utilisateur ou mot de passe incorrect"),
      Map.entry("vCenter cannot be reached to check the login; try again later", "le vCenter est injoignable pour vérifier la connexion ; réessayez plus tard"),
      Map.entry("method not allowed", "méthode non autorisée"),
      Map.entry("the history cannot be read now; try again later", "l’historique est illisible pour le moment ; réessayez plus tard"),
      Map.entry("internal error; see the server log", "erreur interne ; voir le journal du serveur"),
      Map.entry("parameter 'state' must be one of firing, pending, resolved", "le paramètre 'state' doit valoir firing, pending ou resolved"),
      Map.entry("expected a JSON body {\"targets\": [...], \"duration\": ..., \"reason\": ...}",
          "corps JSON attendu : {\"targets\": [...], \"duration\": ..., \"reason\": ...}"),
      Map.entry("field 'rule': no rule {}", "champ 'rule' : aucune règle {}"),
      Map.entry("field 'targets' must list 1 to {} places", "le champ 'targets' doit lister de 1 à {} objets"),
      Map.entry("field 'targets': no place {}", "champ 'targets' : aucun objet {}"),
      Map.entry("field 'reason' is required (at most {} characters)", "le champ 'reason' est obligatoire ({} caractères au plus)"),
      Map.entry("give either field 'duration' (such as 2h) or field 'endsAt'", "indiquez soit le champ 'duration' (par exemple 2h), soit le champ 'endsAt'"),
      Map.entry("field 'duration' must be a duration such as 30m, 2h or 1d", "le champ 'duration' doit être une durée comme 30m, 2h ou 1d"),
      Map.entry("a silence must end within {} days from now", "une mise en silence doit finir dans les {} jours"),
      Map.entry("silence {} not found", "mise en silence {} introuvable"));

  /** Each template as a pattern, in the order of the most literal text first (so "entity {} not found" wins over a looser one). */
  private static final List<Template> TEMPLATES = FRENCH.entrySet().stream()
      .map(e -> Template.of(e.getKey(), e.getValue()))
      .sorted((a, b) -> Integer.compare(b.literalLength, a.literalLength))
      .toList();

  private ApiMessages() {}

  /**
   * The message in the language the {@code Accept-Language} header prefers among English and
   * French; English when the header is absent, unreadable or names neither.
   */
  static String localize(String message, String acceptLanguage) {
    if (message == null || message.isEmpty() || !"fr".equals(language(acceptLanguage))) {
      return message;
    }
    for (Template t : TEMPLATES) {
      String french = t.translate(message);
      if (french != null) {
        return french;
      }
    }
    return message;
  }

  /** "en" or "fr", by the caller's preference (quality values honoured). */
  static String language(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return "en";
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(acceptLanguage);
    } catch (IllegalArgumentException ignored) {
      ranges = NONE; // a malformed header counts as none
    }
    // Ranges come sorted by weight; the first that names a language we speak decides.
    for (Locale.LanguageRange range : ranges) {
      String primary = range.getRange().split("-", 2)[0];
      if (LANGUAGES.contains(primary)) {
        return primary;
      }
    }
    return "en";
  }

  /** One English template as a pattern with a group per {@code {}}, and its French form. */
  private record Template(Pattern english, String french, int literalLength) {

    static Template of(String english, String french) {
      StringBuilder regex = new StringBuilder();
      String[] parts = english.split("\\{\\}", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          regex.append("(.*)");
        }
        regex.append(Pattern.quote(parts[i]));
      }
      return new Template(Pattern.compile(regex.toString(), Pattern.DOTALL), french, english.replace("{}", "").length());
    }

    String translate(String message) {
      Matcher m = english.matcher(message);
      if (!m.matches()) {
        return null;
      }
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= m.groupCount(); i++) {
        values.add(m.group(i));
      }
      StringBuilder out = new StringBuilder();
      String[] parts = french.split("\\{\\}", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          out.append(values.get(i - 1));
        }
        out.append(parts[i]);
      }
      return out.toString();
    }
  }
}
