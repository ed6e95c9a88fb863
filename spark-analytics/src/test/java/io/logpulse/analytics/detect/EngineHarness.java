package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link DetectionEngine} the way the Spark operator does: each micro-batch groups its
 * events by entity key and calls every key with events or state, with the watermark of the previous
 * batch (max event time - delay); state is dropped when the engine allows it. Then all of the
 * batch's outputs go through the second stage, a {@link PopulationJudge} with one state.
 */
final class EngineHarness {

  static final long T0 = Instant.parse("2026-01-15T00:00:00Z").toEpochMilli();
  static final long MINUTE = 60_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  final DetectionEngine engine;
  final PopulationJudge judge;
  final PopulationState population = new PopulationState();
  final Map<String, DetectionState> states = new HashMap<>();
  final List<JsonNode> alerts = new ArrayList<>();
  final List<JsonNode> lateEvents = new ArrayList<>();
  private final long delayMs;
  long watermarkMs;
  private long maxEventTimeMs = Long.MIN_VALUE;

  EngineHarness(DetectorSettings settings, long delayMs) {
    this.engine = new DetectionEngine(settings);
    this.judge = new PopulationJudge(settings);
    this.delayMs = delayMs;
  }

  /** Runs one micro-batch; returns the alerts it emitted. */
  List<JsonNode> batch(List<Observation> events) {
    Map<String, List<Observation>> byKey = new LinkedHashMap<>();
    for (Observation event : events) {
      for (String key : EntityKey.keysOf(event.serviceName, event.sourceIp)) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
      }
      maxEventTimeMs = Math.max(maxEventTimeMs, event.eventTimeMs);
    }
    for (String key : states.keySet()) {
      byKey.putIfAbsent(key, List.of()); // idle keys: the processing-time timeout
    }
    List<DetectorOutput> firstStage = new ArrayList<>();
    for (Map.Entry<String, List<Observation>> entry : byKey.entrySet()) {
      DetectionState state = states.computeIfAbsent(entry.getKey(), k -> new DetectionState());
      firstStage.addAll(
          engine.process(entry.getKey(), entry.getValue().iterator(), watermarkMs, state, 0L));
      if (engine.canEvict(entry.getKey(), state, watermarkMs)) {
        states.remove(entry.getKey());
      }
    }
    List<JsonNode> emitted = new ArrayList<>();
    for (DetectorOutput output : judge.process(firstStage.iterator(), population)) {
      JsonNode value = parse(output.getValue());
      if (output.getKind().equals(DetectorOutput.ALERT)) {
        emitted.add(value);
      } else if (output.getKind().equals(DetectorOutput.LATE_EVENT)) {
        lateEvents.add(value);
      } else {
        throw new AssertionError("an internal record left the second stage: " + output);
      }
    }
    alerts.addAll(emitted);
    if (maxEventTimeMs != Long.MIN_VALUE) {
      watermarkMs = Math.max(watermarkMs, maxEventTimeMs - delayMs);
    }
    return emitted;
  }

  List<JsonNode> alertsOf(String rule) {
    return alerts.stream().filter(a -> a.get("rule").asText().equals(rule)).toList();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Observation request(
      String service, String ip, long timeMs, int status, long durationMs, String method, String path, String agent) {
    return new Observation(
        timeMs,
        service,
        status,
        durationMs < 0 ? -1 : durationMs * 1_000_000,
        method,
        path,
        path,
        agent,
        null,
        ip,
        "0:" + (timeMs % 1_000_000));
  }

  /** {@code count} ordinary GET requests spread over [start, start + 1 minute) from 50 addresses. */
  static List<Observation> ordinary(String service, long start, int count, int errors, long durationMs) {
    List<Observation> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          request(
              service,
              "192.0.2." + (i % 50),
              start + i * (MINUTE / count),
              i < errors ? 500 : 200,
              durationMs,
              "GET",
              "/page/" + (i % 7),
              "Mozilla/5.0 browser " + (i % 50)));
    }
    return events;
  }
}
