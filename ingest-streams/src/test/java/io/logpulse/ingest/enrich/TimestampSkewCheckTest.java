package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampSkewCheckTest {

  private static final Instant INGESTED = Instant.parse("2024-06-01T12:00:00Z");

  /** One hour into the past, one minute into the future. */
  private final TimestampSkewCheck check = new TimestampSkewCheck(3_600_000, 60_000);

  @ParameterizedTest
  @CsvSource({
    "2024-06-01T12:00:00Z,     false",
    "2024-06-01T11:00:00Z,     false",
    "2024-06-01T10:59:59.999Z, true",
    "2024-06-01T12:01:00Z,     false",
    "2024-06-01T12:01:00.001Z, true",
    "2015-05-17T10:05:00Z,     true",
  })
  void tagsEventsOutsideTheBounds(String timestamp, boolean skewed) {
    AccessEvent event = Events.minimal();
    event.setTimestamp(Instant.parse(timestamp));
    event.setEventIngested(INGESTED);

    check.enrich(event);

    if (skewed) {
      assertThat(event.getTags()).containsExactly(TimestampSkewCheck.TAG);
    } else {
      assertThat(event.getTags()).isEmpty();
    }
  }

  @Test
  void noIngestTimeNoCheck() {
    AccessEvent event = Events.minimal();
    event.setTimestamp(Instant.EPOCH);

    check.enrich(event);

    assertThat(event.getTags()).isEmpty();
  }

  @Test
  void negativeBoundsAreRejected() {
    assertThatThrownBy(() -> new TimestampSkewCheck(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past -1");
  }
}
