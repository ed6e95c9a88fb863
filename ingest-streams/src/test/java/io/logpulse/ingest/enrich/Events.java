package io.logpulse.ingest.enrich;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import java.util.ArrayList;

/** Test events: only the required fields set, the way the parser leaves an event. */
final class Events {

  private Events() {}

  static AccessEvent minimal() {
    return AccessEvent.newBuilder()
        .setTimestamp(Instant.parse("2024-01-02T03:04:05Z"))
        .setServiceName("default-service")
        .setLogFormat("nginx_combined")
        .setSourceAddress("-")
        .setHttpResponseStatusCode(200)
        .setTags(new ArrayList<>())
        .build();
  }

  static AccessEvent withPath(String urlPath) {
    AccessEvent event = minimal();
    event.setUrlPath(urlPath);
    return event;
  }
}
