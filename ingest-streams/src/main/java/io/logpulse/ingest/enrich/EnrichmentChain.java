package io.logpulse.ingest.enrich;

import io.logpulse.schemas.AccessEvent;
import java.util.List;
import java.util.Objects;

/**
 * Applies enrichers in list order (see the package comment for the order they need). Thread-safe
 * when every step is. {@link #close()} closes every step, last first, even when one fails.
 */
public final class EnrichmentChain implements EventEnricher {

  private final EventEnricher[] steps;

  /**
   * @param steps the steps in application order; not null, no null element; the chain owns them
   *     and closes them
   */
  public EnrichmentChain(List<? extends EventEnricher> steps) {
    this.steps = steps.toArray(new EventEnricher[0]);
    for (EventEnricher step : this.steps) {
      Objects.requireNonNull(step, "steps element");
    }
  }

  @Override
  public void enrich(AccessEvent event) {
    for (EventEnricher step : steps) {
      step.enrich(event);
    }
  }

  /**
   * Closes every step in reverse order.
   *
   * @throws RuntimeException the first failure met, with later ones {@linkplain
   *     Throwable#addSuppressed suppressed}, after all steps were closed
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (int index = steps.length - 1; index >= 0; index--) {
      try {
        steps[index].close();
      } catch (RuntimeException e) { // collected so that every step gets closed; rethrown below
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
