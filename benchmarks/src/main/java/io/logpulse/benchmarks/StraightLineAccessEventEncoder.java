package io.logpulse.benchmarks;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;

/**
 * PROTOTYPE, benchmark use only: the Confluent wire format of an {@link AccessEvent} written by
 * straight-line code, one typed getter per field in schema order, the way Avro's compiler writes
 * {@code customEncode}. (Avro's own template does not for {@code AccessEvent}, whose two {@code
 * timestamp-millis} fields sent {@code SpecificDatumWriter} down its generic, per-field path; the
 * {@code schemas} module's template now does, and the project serializer uses it.) Same bytes as
 * {@code io.logpulse.registry.AvroWireSerializer}: see {@code CompiledWireEncoderTest}.
 *
 * <p>Tied to the schema version it was written for: the constructor fails if the field list or the
 * position of {@code null} in the unions changed. A production version would be generated.
 * Not thread-safe.
 */
final class StraightLineAccessEventEncoder {

  private static final List<String> FIELDS =
      List.of(
          "timestamp", "service_name", "log_format", "source_address", "source_ip", "user_name",
          "http_request_method", "url_original", "url_path", "url_query", "http_version",
          "http_response_status_code", "http_response_body_bytes", "http_request_referrer",
          "user_agent_original", "event_duration", "event_ingested", "event_original",
          "url_domain", "http_route", "http_request_id", "http_request_bytes",
          "http_response_bytes", "http_request_header_x_forwarded_for", "client_ip",
          "client_geo_country_iso_code", "client_geo_country_name", "client_geo_city_name",
          "client_as_number", "client_as_organization_name", "user_agent_name",
          "user_agent_version", "user_agent_os_name", "user_agent_os_version",
          "user_agent_device_name", "user_agent_device_class", "user_agent_is_bot",
          "upstream_address", "upstream_status", "upstream_status_code",
          "upstream_response_time", "upstream_duration", "tags");

  private final byte[] header;
  private final WireBuffer out = new WireBuffer();

  StraightLineAccessEventEncoder(int schemaId) {
    Schema schema = AccessEvent.getClassSchema();
    List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
    if (!names.equals(FIELDS)) {
      throw new IllegalStateException("AccessEvent fields changed; update this encoder: " + names);
    }
    for (Schema.Field field : schema.getFields()) {
      if (field.schema().getType() == Schema.Type.UNION
          && field.schema().getTypes().get(0).getType() != Schema.Type.NULL) {
        throw new IllegalStateException("null is not the first branch of " + field);
      }
    }
    header =
        new byte[] {
          0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
          (byte) schemaId
        };
  }

  byte[] encode(AccessEvent e) {
    out.reset(header);
    out.writeLong(e.getTimestamp().toEpochMilli());
    out.writeString(e.getServiceName());
    out.writeString(e.getLogFormat());
    out.writeString(e.getSourceAddress());
    optional(e.getSourceIp());
    optional(e.getUserName());
    optional(e.getHttpRequestMethod());
    optional(e.getUrlOriginal());
    optional(e.getUrlPath());
    optional(e.getUrlQuery());
    optional(e.getHttpVersion());
    out.writeLong(e.getHttpResponseStatusCode());
    optional(e.getHttpResponseBodyBytes());
    optional(e.getHttpRequestReferrer());
    optional(e.getUserAgentOriginal());
    optional(e.getEventDuration());
    optional(e.getEventIngested());
    optional(e.getEventOriginal());
    optional(e.getUrlDomain());
    optional(e.getHttpRoute());
    optional(e.getHttpRequestId());
    optional(e.getHttpRequestBytes());
    optional(e.getHttpResponseBytes());
    optional(e.getHttpRequestHeaderXForwardedFor());
    optional(e.getClientIp());
    optional(e.getClientGeoCountryIsoCode());
    optional(e.getClientGeoCountryName());
    optional(e.getClientGeoCityName());
    optional(e.getClientAsNumber());
    optional(e.getClientAsOrganizationName());
    optional(e.getUserAgentName());
    optional(e.getUserAgentVersion());
    optional(e.getUserAgentOsName());
    optional(e.getUserAgentOsVersion());
    optional(e.getUserAgentDeviceName());
    optional(e.getUserAgentDeviceClass());
    Boolean isBot = e.getUserAgentIsBot();
    if (isBot == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1);
      out.writeBoolean(isBot);
    }
    optional(e.getUpstreamAddress());
    optional(e.getUpstreamStatus());
    Integer upstreamStatusCode = e.getUpstreamStatusCode();
    if (upstreamStatusCode == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1);
      out.writeLong(upstreamStatusCode);
    }
    optional(e.getUpstreamResponseTime());
    optional(e.getUpstreamDuration());
    List<String> tags = e.getTags();
    if (!tags.isEmpty()) {
      out.writeLong(tags.size());
      for (String tag : tags) {
        out.writeString(tag);
      }
    }
    out.writeLong(0);
    return out.toByteArray();
  }

  private void optional(String value) {
    if (value == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1);
      out.writeString(value);
    }
  }

  private void optional(Long value) {
    if (value == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1);
      out.writeLong(value);
    }
  }

  private void optional(Instant value) {
    if (value == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1);
      out.writeLong(value.toEpochMilli());
    }
  }
}
