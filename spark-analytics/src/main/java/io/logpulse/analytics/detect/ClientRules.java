package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The threshold rules on one client's window. They are judged on the running window after every
 * micro-batch (early firing: an attack is reported while it happens, not a window later) and again
 * when the window closes; {@link Incident} keeps the second judgement from alerting twice.
 *
 * <ul>
 *   <li>{@value #BURST} for an IP address: at least {@code burstMinRequests} requests, with at most
 *       {@code burstMaxUserAgentRatio} × requests distinct user agents: a script rotating a handful
 *       of agents, not a crowd behind a NAT (which shows many). Real attacks rotate a few agents: in
 *       the ployt0 nginx log an xmlrpc.php brute force sends 537 requests in a minute with 17.
 *   <li>{@value #BURST} for a network ({@code /24} IPv4, {@code /48} IPv6): at least {@code
 *       burstNetworkMinRequests} requests from at least two addresses, none sending {@code
 *       burstNetworkMaxTopClientShare} or more of them (else it is one client's burst, reported for
 *       the address), with the same agent ratio: a distributed flood from one network.
 *   <li>Both bursts against the client's own history: a client with at least {@code
 *       burstHistoryMinWindows} earlier windows with requests and no burst ({@link #learn}) bursts
 *       only at {@code burstHistoryFactor} times its usual requests per window (or the minimum,
 *       whichever is higher). A monitoring probe or a partner's integration that has always sent
 *       400 requests a minute is its normal self; a new client has only the minimum to meet.
 *   <li>Both bursts against the population: a second stage, {@link PopulationJudge}, holds a burst
 *       back until it is also far above what ordinary clients send ({@code burstPopulationFactor}
 *       × their {@code burstPopulationQuantile}): on an API whose partners send 500 a minute, a
 *       new client at 500 is one more partner.
 *   <li>{@value #SCANNING} for an IP address: requests for at least {@code scanMinFailedPaths}
 *       distinct URL paths answered with a 4xx status: probing for files and admin pages that do not
 *       exist. A broken link hit a thousand times is one path; a crawler's 200s do not count.
 *   <li>{@value #BRUTE_FORCE} for an IP address: at least {@code bruteForceMinAttempts} POST
 *       requests to authentication paths ({@code bruteForcePathPattern}: {@code /wp-login.php},
 *       {@code /xmlrpc.php}, {@code /login}, ...). WordPress answers a failed login with 200, so the
 *       status is evidence, not a condition.
 * </ul>
 *
 * Severity {@code critical} from twice the threshold, else {@code warning}.
 */
public final class ClientRules {

  public static final String BURST = "client_request_burst";
  public static final String SCANNING = "client_scanning";
  public static final String BRUTE_FORCE = "client_brute_force";

  private ClientRules() {}

  /**
   * @param history the client's requests per window ({@link #learn}); null without one
   * @return the findings of every rule that applies to this kind of entity
   */
  static List<Finding> evaluate(
      EntityKey entity, ClientWindow window, EwmaBaseline history, DetectorSettings settings) {
    List<Finding> findings = new ArrayList<>(3);
    if (entity.kind == EntityKey.Kind.CLIENT_NETWORK) {
      findings.add(networkBurst(entity.value, window, history, settings));
    } else {
      findings.add(burst(entity.value, window, history, settings));
      findings.add(scanning(entity.value, window, settings));
      findings.add(bruteForce(entity.value, window, settings));
    }
    return findings;
  }

  static Finding burst(
      String ip, ClientWindow window, EwmaBaseline history, DetectorSettings settings) {
    long requests = window.requests;
    int agents = window.userAgents.count();
    double usual = usualRequests(history, settings);
    long threshold = burstThreshold(settings.burstMinRequests, usual, settings);
    boolean anomalous =
        requests >= threshold && agents <= settings.burstMaxUserAgentRatio * requests;
    String summary =
        String.format(
            Locale.ROOT,
            "%s sent %d requests in %d s (threshold %d%s) with %d distinct user agent(s)",
            ip,
            requests,
            seconds(window),
            threshold,
            usualText(usual),
            agents);
    return new Finding(
        BURST,
        anomalous,
        severity(requests, threshold),
        requests,
        usual,
        threshold,
        Double.isNaN(usual) ? Double.NaN : AlertEvent.round(requests / Math.max(usual, 1.0)),
        summary,
        clientEvidence(window));
  }

  static Finding networkBurst(
      String network, ClientWindow window, EwmaBaseline history, DetectorSettings settings) {
    long requests = window.requests;
    int agents = window.userAgents.count();
    long topClient = window.topClientRequests();
    double topShare = requests == 0 ? 0.0 : (double) topClient / requests;
    double usual = usualRequests(history, settings);
    long threshold = burstThreshold(settings.burstNetworkMinRequests, usual, settings);
    boolean anomalous =
        requests >= threshold
            && window.clients.count() >= 2
            && topShare < settings.burstNetworkMaxTopClientShare
            && agents <= settings.burstMaxUserAgentRatio * requests;
    String summary =
        String.format(
            Locale.ROOT,
            "network %s sent %d requests in %d s from %d addresses (threshold %d%s) with %d"
                + " distinct user agent(s)",
            network,
            requests,
            seconds(window),
            window.clients.count(),
            threshold,
            usualText(usual),
            agents);
    ObjectNode evidence = clientEvidence(window);
    evidence.put("distinct_clients", window.clients.count());
    evidence.put("top_client_share", AlertEvent.round(topShare));
    Evidence.putTop(evidence, "top_clients", window.topClients);
    return new Finding(
        BURST,
        anomalous,
        severity(requests, threshold),
        requests,
        usual,
        threshold,
        Double.isNaN(usual) ? Double.NaN : AlertEvent.round(requests / Math.max(usual, 1.0)),
        summary,
        evidence);
  }

  /**
   * Folds a complete window into the client's history, unless: it had no request; any client rule
   * found it anomalous (so an attack never becomes the client's normal); it holds the client's
   * first event (a window the client joined part-way through); or, for a network, one address sent
   * {@code burstMinRequests} or more of it (that address's burst, not the network's normal). Until
   * {@code burstHistoryMinWindows} windows are in, values are not clamped, so the first windows
   * set the level (their running mean) instead of being held near the very first one.
   *
   * @param firstEventTimeMs the client's first event since its state was created
   * @return the history, created on the first window folded in
   */
  static EwmaBaseline learn(
      EwmaBaseline history,
      EntityKey.Kind kind,
      ClientWindow window,
      boolean anomalous,
      long firstEventTimeMs,
      DetectorSettings settings) {
    if (window.requests == 0 || anomalous || firstEventTimeMs >= window.startMs) {
      return history;
    }
    if (oneAddressBurst(kind, window, settings)) {
      return history;
    }
    EwmaBaseline updated = history != null ? history : new EwmaBaseline();
    double clampSigmas =
        updated.samples() < settings.burstHistoryMinWindows ? Double.POSITIVE_INFINITY : 3.0;
    updated.update(window.requests, settings.burstHistoryEwmaAlpha, clampSigmas, 1.0);
    return updated;
  }

  /**
   * @return true for a network window in which one address alone sent {@code burstMinRequests} or
   *     more: that address's burst, not the network's normal
   */
  static boolean oneAddressBurst(
      EntityKey.Kind kind, ClientWindow window, DetectorSettings settings) {
    return kind == EntityKey.Kind.CLIENT_NETWORK
        && window.topClientRequests() >= settings.burstMinRequests;
  }

  /**
   * @return true when the history can change a verdict: the client's usual rate is at least
   *     {@code minRequests / burstHistoryFactor}
   */
  static boolean historyMatters(EwmaBaseline history, long minRequests, DetectorSettings settings) {
    return history != null
        && settings.burstHistoryRetentionMs > 0
        && history.level() * settings.burstHistoryFactor >= minRequests;
  }

  /** @return the usual requests per window, NaN until the history has enough windows */
  private static double usualRequests(EwmaBaseline history, DetectorSettings settings) {
    return history == null || history.samples() < settings.burstHistoryMinWindows
        ? Double.NaN
        : history.level();
  }

  private static long burstThreshold(long minRequests, double usual, DetectorSettings settings) {
    return Double.isNaN(usual)
        ? minRequests
        // the epsilon keeps 3 x 250.000000001 at 750: the level is a running mean of counts
        : Math.max(minRequests, (long) Math.ceil(settings.burstHistoryFactor * usual - 1e-6));
  }

  private static String usualText(double usual) {
    return Double.isNaN(usual)
        ? ""
        : String.format(Locale.ROOT, "; its usual %.0f a window", usual);
  }

  static Finding scanning(String ip, ClientWindow window, DetectorSettings settings) {
    int failedPaths = window.failedPaths.count();
    String summary =
        String.format(
            Locale.ROOT,
            "%s requested %d%s distinct paths answered with 4xx in %d s (threshold %d; %d of %d"
                + " requests failed)",
            ip,
            failedPaths,
            window.failedPaths.saturated() ? "+" : "",
            seconds(window),
            settings.scanMinFailedPaths,
            window.status4xx,
            window.requests);
    ObjectNode evidence = clientEvidence(window);
    evidence.put("distinct_failed_paths", failedPaths);
    evidence.put("status_4xx_count", window.status4xx);
    return new Finding(
        SCANNING,
        failedPaths >= settings.scanMinFailedPaths,
        severity(failedPaths, settings.scanMinFailedPaths),
        failedPaths,
        Double.NaN,
        settings.scanMinFailedPaths,
        Double.NaN,
        summary,
        evidence);
  }

  static Finding bruteForce(String ip, ClientWindow window, DetectorSettings settings) {
    long attempts = window.authAttempts;
    String summary =
        String.format(
            Locale.ROOT,
            "%s sent %d POST requests to login paths in %d s (threshold %d)",
            ip,
            attempts,
            seconds(window),
            settings.bruteForceMinAttempts);
    ObjectNode evidence = clientEvidence(window);
    evidence.put("auth_attempt_count", attempts);
    return new Finding(
        BRUTE_FORCE,
        attempts >= settings.bruteForceMinAttempts,
        severity(attempts, settings.bruteForceMinAttempts),
        attempts,
        Double.NaN,
        settings.bruteForceMinAttempts,
        Double.NaN,
        summary,
        evidence);
  }

  private static ObjectNode clientEvidence(ClientWindow window) {
    ObjectNode evidence = Finding.evidence();
    evidence.put("request_count", window.requests);
    evidence.put("distinct_user_agents", window.userAgents.count());
    evidence.put("distinct_users", window.users.count());
    evidence.put("distinct_services", window.services.count());
    Evidence.putTop(evidence, "top_paths", window.topPaths);
    Evidence.putTop(evidence, "top_user_agents", window.topUserAgents);
    Evidence.putOffsets(evidence, window.sampleOffsets);
    return evidence;
  }

  private static String severity(long observed, long threshold) {
    return observed >= 2 * threshold ? "critical" : "warning";
  }

  private static long seconds(ClientWindow window) {
    return (window.endMs - window.startMs) / 1000;
  }
}
