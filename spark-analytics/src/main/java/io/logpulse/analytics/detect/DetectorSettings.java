package io.logpulse.analytics.detect;

import java.io.Serializable;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every threshold of every detector, as plain values (built from the job configuration, where each
 * has its key, default and documentation). Durations in milliseconds.
 */
public final class DetectorSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Tumbling detection window length, ms. */
  public long windowMs = 60_000L;
  /** Complete windows without the condition that resolve an incident. */
  public int resolveAfterWindows = 2;
  /** Cooldown after a resolve per rule, ms (see {@link Incident}); rules not listed use 0. */
  public Map<String, Long> cooldownMsByRule = Map.of();
  /** A service without events for this long (event time) loses its state, ms. */
  public long serviceIdleEvictionMs = 86_400_000L;

  public int latencyMinSamples = 30;
  public int latencyWarmupWindows = 10;
  public double latencyZThreshold = 4.0;
  public double latencyMinRatio = 1.5;
  public double latencyEwmaAlpha = 0.1;

  public long errorMinRequests = 50;
  public long errorMinErrors = 5;
  public double errorSignificance = 1e-6;
  public double errorMinRateIncrease = 0.05;
  public double errorBaselineMinRate = 0.005;
  public int errorWarmupWindows = 5;
  public double errorEwmaAlpha = 0.1;

  public double dropMinExpectedRequests = 50;
  public double dropMaxRatio = 0.5;
  public double dropSignificance = 1e-6;
  public int dropWarmupWindows = 10;
  public int dropTimeOfDayMinSamples = 3;
  public double dropEwmaAlpha = 0.1;

  public long burstMinRequests = 300;
  public double burstMaxUserAgentRatio = 0.05;
  public long burstNetworkMinRequests = 600;
  public double burstNetworkMaxTopClientShare = 0.5;
  public double burstHistoryFactor = 3.0;
  public int burstHistoryMinWindows = 5;
  public long burstHistoryRetentionMs = 86_400_000L;
  public double burstHistoryEwmaAlpha = 0.1;
  public double burstPopulationQuantile = 0.99;
  public double burstPopulationFactor = 3.0;
  public double burstPopulationMinWeight = 100;
  public long burstPopulationMeanAgeMs = 3_600_000L;

  public int scanMinFailedPaths = 30;

  public long bruteForceMinAttempts = 20;
  public Pattern bruteForcePathPattern =
      Pattern.compile(
          "(?i).*(/wp-login\\.php|/xmlrpc\\.php|/login|/signin|/sign_in|/logon|/auth|/authenticate"
              + "|/oauth/token|/session|/sessions|/j_security_check|/administrator/index\\.php"
              + "|/user/login|/api/login|/admin/login)/?");

  /** @return the cooldown of {@code rule}, ms */
  public long cooldownMs(String rule) {
    return cooldownMsByRule.getOrDefault(rule, 0L);
  }
}
