package io.logpulse.analytics;

import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.registry.SchemaRegistryClient;
import io.logpulse.registry.SchemaRegistryException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Looks up the writer schemas of the events topic's value subject at startup. */
public final class WriterSchemas {

  private static final Logger LOG = LoggerFactory.getLogger(WriterSchemas.class);
  private static final int SUBJECT_NOT_FOUND = 40401;

  private WriterSchemas() {}

  /**
   * The events topic's writer schemas, from the configured registry: {@link #await} on the
   * subject {@code <events.topic>-value} for {@code schema.wait.timeout.ms}.
   *
   * @return Avro schema JSON by registry id, not empty
   * @throws IllegalStateException when the subject is still unregistered after the timeout
   * @throws SchemaRegistryException for any other registry error
   */
  public static Map<Integer, String> await(AnalyticsConfig config) {
    try (SchemaRegistryClient registry =
        new SchemaRegistryClient(URI.create(config.schemaRegistryUrl()))) {
      return await(registry, config.eventsTopic() + "-value", config.schemaWaitTimeout());
    }
  }

  /**
   * Waits until {@code subject} has at least one version, then returns every version's schema.
   * An unregistered subject, an unreachable registry and 5xx answers are waited out.
   *
   * @return Avro schema JSON by registry id, not empty
   * @throws IllegalStateException when the subject is still unregistered after {@code timeout}
   * @throws SchemaRegistryException for any other registry error (a 4xx other than 40401)
   */
  public static Map<Integer, String> await(
      SchemaRegistryClient registry, String subject, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        Map<Integer, String> schemas = new TreeMap<>();
        registry.allVersions(subject).forEach(v -> schemas.put(v.id(), v.schema().toString()));
        if (!schemas.isEmpty()) {
          return schemas;
        }
      } catch (SchemaRegistryException e) {
        boolean unreachable = e.httpStatus() == -1 || e.httpStatus() >= 500;
        if (e.errorCode() != SUBJECT_NOT_FOUND && !unreachable) {
          throw e;
        }
        LOG.info("registry: {}", e.getMessage());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "subject " + subject + " not registered after " + timeout + " (schema.wait.timeout.ms)");
      }
      LOG.info("waiting for subject {} to be registered by ingest-streams", subject);
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for subject " + subject, e);
      }
    }
  }
}
