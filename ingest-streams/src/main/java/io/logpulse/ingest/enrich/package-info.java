/**
 * Enrichment: steps that add derived fields to a parsed {@link io.logpulse.schemas.AccessEvent} in
 * place. Each step is an {@link io.logpulse.ingest.enrich.EventEnricher}; an {@link
 * io.logpulse.ingest.enrich.EnrichmentChain} runs them in order.
 *
 * <p>Order matters. The intended chain is:
 *
 * <ol>
 *   <li>{@link io.logpulse.ingest.enrich.UrlNormalizer} (decodes {@code url_path}, sets {@code
 *       http_route});
 *   <li>{@link io.logpulse.ingest.enrich.ServiceMapper} (its {@code path:} rules see the decoded
 *       path);
 *   <li>{@link io.logpulse.ingest.enrich.GeoIpEnricher} and {@link
 *       io.logpulse.ingest.enrich.UserAgentEnricher};
 *   <li>{@link io.logpulse.ingest.enrich.ClientIpAnonymizer} (after GeoIP, which needs the full
 *       address);
 *   <li>{@link io.logpulse.ingest.enrich.TimestampSkewCheck} (anywhere).
 * </ol>
 *
 * <p>Pure logic apart from reading GeoIP database files: this package imports no Kafka, Kafka
 * Streams or Spark class and does no network or DNS look-up.
 */
package io.logpulse.ingest.enrich;
