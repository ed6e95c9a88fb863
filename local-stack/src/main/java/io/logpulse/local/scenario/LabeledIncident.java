package io.logpulse.local.scenario;

/**
 * An incident injected into baseline traffic, with what a detector should report.
 *
 * @param rule the rule that should fire, e.g. {@code client_request_burst}
 * @param entityValue the alert entity value that should be reported: an address, a CIDR network or
 *     a service name
 * @param startMs first event time of the incident, UTC epoch ms
 * @param endMs end of the incident, exclusive, UTC epoch ms
 * @param description what was injected, for the report
 */
public record LabeledIncident(
    String rule, String entityValue, long startMs, long endMs, String description) {}
