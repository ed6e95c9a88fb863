package io.logpulse.ingest.enrich;

import io.logpulse.schemas.AccessEvent;
import java.util.List;
import java.util.Objects;

/**
 * Sets {@code service_name} from ordered {@link ServiceRule}s: the first rule that applies wins.
 * When no rule applies, the existing value (from the record's {@code logpulse.service.name} header
 * or the ingest {@code default.service.name} config) stays.
 *
 * <p>Runs after {@link UrlNormalizer}, so {@code path:} rules see the percent-decoded path.
 * Immutable and thread-safe.
 */
public final class ServiceMapper implements EventEnricher {

  private final ServiceRule[] rules;

  /**
   * @param rules rules in priority order; not null, may be empty (then this step changes nothing)
   */
  public ServiceMapper(List<ServiceRule> rules) {
    this.rules = rules.toArray(new ServiceRule[0]);
    for (ServiceRule rule : this.rules) {
      Objects.requireNonNull(rule, "rules element");
    }
  }

  @Override
  public void enrich(AccessEvent event) {
    for (ServiceRule rule : rules) {
      String service = rule.serviceFor(event);
      if (service != null) {
        event.setServiceName(service);
        return;
      }
    }
  }
}
