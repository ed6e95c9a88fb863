package io.logpulse.ingest.enrich;

import io.logpulse.schemas.AccessEvent;

/** One enrichment step; implementations are thread-safe unless stated. */
public interface EventEnricher extends AutoCloseable {

  /** Adds fields to the event in place. Never throws on any event content. */
  void enrich(AccessEvent event);

  @Override
  default void close() {}
}
