package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link EventFields#toEvent} builds the event without {@code AccessEvent.newBuilder()}; it must
 * give exactly the event the builder gave, field for field.
 */
class EventFieldsTest {

  @Test
  void everyFieldSetGivesTheEventTheBuilderGave() {
    EventFields fields = new EventFields();
    fields.timestampMillis = 1_662_070_365_123L;
    fields.logFormat = LogFormat.CLF_COMBINED;
    fields.logFormatCode = "nginx_custom";
    fields.sourceAddress = "192.0.2.7:51234";
    fields.userName = "alice";
    fields.method = "GET";
    fields.urlOriginal = "https://example.com/a/b?c=d";
    fields.urlPath = "/a/b";
    fields.urlQuery = "c=d";
    fields.httpVersion = "1.1";
    fields.statusCode = 503;
    fields.bodyBytes = 1234L;
    fields.referrer = "https://example.org/";
    fields.userAgent = "curl/8.0";
    fields.durationNanos = 5_000_000L;
    fields.urlDomain = "example.com";
    fields.requestId = "req-1";
    fields.requestBytes = 321L;
    fields.responseBytes = 1500L;
    fields.forwardedFor = "203.0.113.9, 198.51.100.1";
    fields.upstreamAddress = "10.0.0.1:8080, 10.0.0.2:8080";
    fields.upstreamStatus = "502, 200";
    fields.upstreamResponseTime = "0.010, 0.020";
    LineContext context =
        new LineContext("shop", Instant.parse("2026-11-21T00:00:00.123456Z"), true);

    assertThat(fields.toEvent(context, "the line")).isEqualTo(byBuilder(fields, context, "the line"));
  }

  @Test
  void onlyRequiredFieldsGiveTheEventTheBuilderGave() {
    EventFields fields = new EventFields();
    fields.timestampMillis = -1L;
    fields.logFormat = LogFormat.CLF_COMMON;
    fields.sourceAddress = "example.net";
    fields.statusCode = 200;
    LineContext context = new LineContext("shop", null, false);

    AccessEvent event = fields.toEvent(context, "the line");

    assertThat(event).isEqualTo(byBuilder(fields, context, "the line"));
    assertThat(event.getTags()).isEmpty();
  }

  /** The previous implementation of {@link EventFields#toEvent}, kept as the reference. */
  private static AccessEvent byBuilder(EventFields fields, LineContext context, String line) {
    Instant ingestedAt = context.ingestedAt();
    String sourceIp = IpAddresses.withoutPortOrNull(fields.sourceAddress);
    return AccessEvent.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(fields.timestampMillis))
        .setServiceName(context.serviceName())
        .setLogFormat(
            fields.logFormatCode != null ? fields.logFormatCode : fields.logFormat.code())
        .setSourceAddress(fields.sourceAddress)
        .setSourceIp(sourceIp)
        .setUserName(fields.userName)
        .setHttpRequestMethod(fields.method)
        .setUrlOriginal(fields.urlOriginal)
        .setUrlPath(fields.urlPath)
        .setUrlQuery(fields.urlQuery)
        .setHttpVersion(fields.httpVersion)
        .setHttpResponseStatusCode(fields.statusCode)
        .setHttpResponseBodyBytes(fields.bodyBytes)
        .setHttpRequestReferrer(fields.referrer)
        .setUserAgentOriginal(fields.userAgent)
        .setEventDuration(fields.durationNanos)
        .setEventIngested(ingestedAt == null ? null : ingestedAt.truncatedTo(ChronoUnit.MILLIS))
        .setEventOriginal(context.keepOriginal() ? line : null)
        .setUrlDomain(fields.urlDomain)
        .setHttpRoute(null)
        .setHttpRequestId(fields.requestId)
        .setHttpRequestBytes(fields.requestBytes)
        .setHttpResponseBytes(fields.responseBytes)
        .setHttpRequestHeaderXForwardedFor(fields.forwardedFor)
        .setClientIp(IpAddresses.clientIp(fields.forwardedFor, sourceIp))
        .setClientGeoCountryIsoCode(null)
        .setClientGeoCountryName(null)
        .setClientGeoCityName(null)
        .setClientAsNumber(null)
        .setClientAsOrganizationName(null)
        .setUserAgentName(null)
        .setUserAgentVersion(null)
        .setUserAgentOsName(null)
        .setUserAgentOsVersion(null)
        .setUserAgentDeviceName(null)
        .setUserAgentDeviceClass(null)
        .setUserAgentIsBot(null)
        .setUpstreamAddress(fields.upstreamAddress)
        .setUpstreamStatus(fields.upstreamStatus)
        .setUpstreamStatusCode(UpstreamLists.lastStatus(fields.upstreamStatus))
        .setUpstreamResponseTime(fields.upstreamResponseTime)
        .setUpstreamDuration(UpstreamLists.sumNanos(fields.upstreamResponseTime))
        .setTags(new ArrayList<>(2))
        .build();
  }
}
