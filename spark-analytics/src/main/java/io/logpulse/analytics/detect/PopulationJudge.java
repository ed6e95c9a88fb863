package io.logpulse.analytics.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The second detection stage: the population half of {@value ClientRules#BURST}. A client is
 * judged against its own history by {@link ClientRules}, each in its own state; only a stage that
 * sees every client can say whether one is "far above the population". This one sees every
 * client's complete windows and every burst alert, in one state ({@link PopulationState}).
 *
 * <p>The population is the requests per window of the client windows the first stage closed
 * ({@value DetectorOutput#CLIENT_WINDOW} records), addresses and networks apart, in a {@link
 * DecayingHistogram} of mean age {@code burstPopulationMeanAgeMs}. Left out: windows in which
 * scanning or brute force fired, network windows in which one address alone reached the burst
 * minimum, and burst windows that are far above the population (or any burst window while the
 * population is not known): a partner that always sends 500 a minute joins the population, an
 * attack does not. A burst is far above it at {@code burstPopulationFactor} × the population's
 * {@code burstPopulationQuantile} (by default 3 × the 99th percentile: three times what the
 * busiest percent of ordinary clients send). Until the population holds {@code
 * burstPopulationMinWeight} windows, it is not known and does not hold a burst back.
 *
 * <p>Per micro-batch, alerts are judged against the population as it was before the batch, then
 * the batch's client windows join it, so the order of client windows and alerts in a batch does
 * not matter. The records of one incident (firing, updates, resolved) are taken in the order they
 * come; the first stage emits at most one of them per incident and micro-batch, except a resolve,
 * which comes only after the incident's windows closed.
 *
 * <p>Limits: at most {@value #MAX_HELD} incidents are held; beyond that the oldest is forgotten,
 * so its updates are ignored and its resolve goes out. A held incident's client learns no own
 * history (the first stage counts the window as a burst) and sends an update each micro-batch.
 *
 * <ul>
 *   <li>A {@code firing} burst alert at or above the population threshold goes out with the
 *       population in its evidence and its {@code threshold} raised to the population's if that is
 *       higher. Below it, the incident is <b>held</b>: nothing goes out.
 *   <li>While held, the first stage's {@value DetectorOutput#BURST_UPDATE} records (the incident
 *       still anomalous in a later micro-batch or window) are judged the same way: the first at or
 *       above the threshold goes out as the incident's {@code firing} alert, same {@code alert_id}.
 *   <li>The {@code resolved} alert of a held incident is dropped with it: an incident never shown
 *       is never resolved.
 *   <li>Every other alert and late event passes through unchanged.
 * </ul>
 *
 * Plain Java: {@code stateful.DetectionOperator} runs it in Spark under one key; tests call it
 * directly.
 */
public final class PopulationJudge implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Held incidents kept at most; the oldest is forgotten first (its resolve then goes out). */
  public static final int MAX_HELD = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DetectorSettings settings;

  public PopulationJudge(DetectorSettings settings) {
    this.settings = settings;
  }

  /**
   * @param outputs one micro-batch of first-stage outputs, any order
   * @param state updated in place
   * @return what goes to the topics: alerts and late events
   */
  public List<DetectorOutput> process(Iterator<DetectorOutput> outputs, PopulationState state) {
    List<DetectorOutput> out = new ArrayList<>();
    List<long[]> addressWindows = new ArrayList<>();
    List<long[]> networkWindows = new ArrayList<>();
    // Judged against the population before this batch's windows join it.
    double addressThreshold = populationThreshold(state.addresses);
    double networkThreshold = populationThreshold(state.networks);
    while (outputs.hasNext()) {
      DetectorOutput output = outputs.next();
      switch (output.getKind()) {
        case DetectorOutput.CLIENT_WINDOW -> {
          long[] window = parseClientWindow(output.getValue());
          boolean network = EntityKey.decode(output.getKey()).kind == EntityKey.Kind.CLIENT_NETWORK;
          (network ? networkWindows : addressWindows).add(window);
        }
        case DetectorOutput.ALERT -> judgeAlert(output, state, out);
        case DetectorOutput.BURST_UPDATE -> {
          if (state.held.contains(output.getKey())) {
            ObjectNode alert = parse(output.getValue());
            if (farAbovePopulation(alert, state)) {
              state.held.remove(output.getKey());
              out.add(new DetectorOutput(DetectorOutput.ALERT, output.getKey(), alert.toString()));
            }
          }
        }
        default -> out.add(output);
      }
    }
    learn(state.addresses, addressWindows, addressThreshold);
    learn(state.networks, networkWindows, networkThreshold);
    return out;
  }

  /** @return the population threshold, or NaN while the population is not known */
  private double populationThreshold(DecayingHistogram population) {
    return population.weight() < settings.burstPopulationMinWeight
        ? Double.NaN
        : Math.ceil(settings.burstPopulationFactor * population.quantile(settings.burstPopulationQuantile));
  }

  private void judgeAlert(DetectorOutput output, PopulationState state, List<DetectorOutput> out) {
    String alertId = output.getKey();
    if (!alertId.startsWith(ClientRules.BURST + "/")) { // AlertEvent.alertId: rule first
      out.add(output);
      return;
    }
    ObjectNode alert = parse(output.getValue());
    if (AlertEvent.RESOLVED.equals(alert.path("status").asText())) {
      if (!state.held.remove(alertId)) {
        out.add(output);
      }
      return;
    }
    if (farAbovePopulation(alert, state)) {
      state.held.remove(alertId);
      out.add(new DetectorOutput(DetectorOutput.ALERT, alertId, alert.toString()));
      return;
    }
    state.held.remove(alertId); // re-insert as the newest
    state.held.add(alertId);
    while (state.held.size() > MAX_HELD) {
      Iterator<String> oldest = state.held.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * @return true when the burst alert's observed value reaches the population threshold, or the
   *     population is not known yet; the alert then carries the population in its evidence
   */
  private boolean farAbovePopulation(ObjectNode alert, PopulationState state) {
    if (settings.burstPopulationFactor <= 0) {
      return true; // the population condition is off
    }
    boolean network = alert.path("entity").path("value").asText().indexOf('/') >= 0;
    DecayingHistogram population = network ? state.networks : state.addresses;
    ObjectNode evidence =
        alert.get("evidence") instanceof ObjectNode node ? node : alert.putObject("evidence");
    evidence.put("population_windows", AlertEvent.round(population.weight()));
    if (population.weight() < settings.burstPopulationMinWeight) {
      evidence.putNull("population_quantile_requests");
      evidence.putNull("population_threshold");
      return true;
    }
    double typical = population.quantile(settings.burstPopulationQuantile);
    long threshold = (long) Math.ceil(settings.burstPopulationFactor * typical);
    evidence.put("population_quantile", settings.burstPopulationQuantile);
    evidence.put("population_quantile_requests", AlertEvent.round(typical));
    evidence.put("population_threshold", threshold);
    double observed = alert.path("observed_value").asDouble();
    if (observed < threshold) {
      return false;
    }
    if (threshold > alert.path("threshold").asDouble()) {
      alert.put("threshold", threshold);
      alert.put("severity", observed >= 2 * threshold ? "critical" : "warning");
    }
    alert.put(
        "summary",
        alert.path("summary").asText()
            + String.format(
                Locale.ROOT,
                "; far above the population: %.1f× its p%s of %.0f a window (threshold %d)",
                observed / typical,
                percentile(settings.burstPopulationQuantile),
                typical,
                threshold));
    return true;
  }

  /**
   * Folds client windows into the population in event-time order; a burst window only when the
   * population is known and the window is under its threshold.
   */
  private void learn(DecayingHistogram population, List<long[]> windows, double threshold) {
    windows.sort(Comparator.comparingLong(window -> window[0]));
    for (long[] window : windows) {
      boolean burst = window[2] != 0;
      if (burst && (Double.isNaN(threshold) || window[1] >= threshold)) {
        continue;
      }
      population.decayTo(window[0], settings.burstPopulationMeanAgeMs);
      population.add(window[1]);
    }
  }

  /**
   * @return the value of a {@value DetectorOutput#CLIENT_WINDOW} record as {window start ms,
   *     requests, 1 if the burst rule fired else 0}
   */
  static long[] parseClientWindow(String value) {
    String[] parts = value.split(":", 3);
    return new long[] {
      Long.parseLong(parts[0]), Long.parseLong(parts[1]), "burst".equals(parts[2]) ? 1 : 0
    };
  }

  /**
   * @param burst whether the burst rule found the window anomalous
   * @return a {@value DetectorOutput#CLIENT_WINDOW} record's value: {@code <window start
   *     ms>:<requests>:burst|ordinary}
   */
  static String clientWindowValue(long windowStartMs, long requests, boolean burst) {
    return windowStartMs + ":" + requests + ":" + (burst ? "burst" : "ordinary");
  }

  private static String percentile(double quantile) {
    String text = AlertEvent.round(quantile * 100) + "";
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("an alert the first stage wrote is not JSON: " + json, e);
    }
  }
}
