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
 * <p>The population is the requests per window of every client window the first stage closed
 * without a client rule's anomaly ({@value DetectorOutput#CLIENT_WINDOW} records), addresses and
 * networks apart, in a {@link DecayingHistogram} of mean age {@code burstPopulationMeanAgeMs}. A
 * burst is far above it at {@code burstPopulationFactor} × the population's {@code
 * burstPopulationQuantile} (by default 3 × the 99th percentile: three times what the busiest
 * percent of ordinary clients send). Until the population holds {@code burstPopulationMinWeight}
 * windows, it is not known and does not hold a burst back.
 *
 * <p>Per micro-batch, alerts are judged against the population as it was before the batch, then
 * the batch's client windows join it, so the result does not depend on the order of the rows.
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
          if (state.held.containsKey(output.getKey())) {
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
    learn(state.addresses, addressWindows);
    learn(state.networks, networkWindows);
    return out;
  }

  private void judgeAlert(DetectorOutput output, PopulationState state, List<DetectorOutput> out) {
    String alertId = output.getKey();
    if (!alertId.startsWith(ClientRules.BURST + "/")) { // AlertEvent.alertId: rule first
      out.add(output);
      return;
    }
    ObjectNode alert = parse(output.getValue());
    if (AlertEvent.RESOLVED.equals(alert.path("status").asText())) {
      if (state.held.remove(alertId) == null) {
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
    state.held.put(alertId, windowEndMs(alert));
    while (state.held.size() > MAX_HELD) {
      Iterator<String> oldest = state.held.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * @return true when the burst alert's observed value reaches the population threshold, or the
   *     population is not known yet; the alert then carries the population in its evidence
   */
  private boolean farAbovePopulation(ObjectNode alert, PopulationState state) {
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
    }
    alert.put(
        "summary",
        alert.path("summary").asText()
            + String.format(
                Locale.ROOT,
                "; %.0f× the population's p%s (%.0f a window)",
                observed / typical,
                percentile(settings.burstPopulationQuantile),
                typical));
    return true;
  }

  /** Folds client windows into the population in event-time order. */
  private void learn(DecayingHistogram population, List<long[]> windows) {
    windows.sort(Comparator.comparingLong(window -> window[0]));
    for (long[] window : windows) {
      population.decayTo(window[0], settings.burstPopulationMeanAgeMs);
      population.add(window[1]);
    }
  }

  /**
   * @return the value of a {@value DetectorOutput#CLIENT_WINDOW} record as {window start ms,
   *     requests}
   */
  static long[] parseClientWindow(String value) {
    int colon = value.indexOf(':');
    return new long[] {
      Long.parseLong(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1))
    };
  }

  /** @return a {@value DetectorOutput#CLIENT_WINDOW} record's value */
  static String clientWindowValue(long windowStartMs, long requests) {
    return windowStartMs + ":" + requests;
  }

  private static long windowEndMs(ObjectNode alert) {
    return java.time.Instant.parse(alert.path("window").path("end").asText()).toEpochMilli();
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
