package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.schemas.AccessEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnrichmentChainTest {

  /** A hand-written step that records what happened to it. */
  private static final class RecordingStep implements EventEnricher {
    private final String name;
    private final List<String> journal;
    private final boolean failOnClose;

    RecordingStep(String name, List<String> journal, boolean failOnClose) {
      this.name = name;
      this.journal = journal;
      this.failOnClose = failOnClose;
    }

    @Override
    public void enrich(AccessEvent event) {
      journal.add("enrich " + name);
      event.setServiceName(event.getServiceName() + "+" + name);
    }

    @Override
    public void close() {
      journal.add("close " + name);
      if (failOnClose) {
        throw new IllegalStateException("close failed: " + name);
      }
    }
  }

  @Test
  void appliesStepsInOrder() {
    List<String> journal = new ArrayList<>();
    try (EnrichmentChain chain =
        new EnrichmentChain(
            List.of(
                new RecordingStep("a", journal, false), new RecordingStep("b", journal, false)))) {
      AccessEvent event = Events.minimal();
      chain.enrich(event);
      assertThat(event.getServiceName()).isEqualTo("default-service+a+b");
    }
    assertThat(journal).containsExactly("enrich a", "enrich b", "close b", "close a");
  }

  @Test
  void closesEveryStepAndReportsAllFailures() {
    List<String> journal = new ArrayList<>();
    EnrichmentChain chain =
        new EnrichmentChain(
            List.of(
                new RecordingStep("a", journal, true),
                new RecordingStep("b", journal, false),
                new RecordingStep("c", journal, true)));

    assertThatThrownBy(chain::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("close failed: c")
        .satisfies(
            failure ->
                assertThat(failure.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("close failed: a"));
    assertThat(journal).containsExactly("close c", "close b", "close a");
  }

  @Test
  void realStepsInTheDocumentedOrder() {
    try (EnrichmentChain chain =
        new EnrichmentChain(
            List.of(
                new UrlNormalizer(List.of()),
                new ServiceMapper(List.of(ServiceRule.parse("path:/api=api"))),
                new ClientIpAnonymizer(),
                new TimestampSkewCheck(0, 0)))) {
      AccessEvent event = Events.withPath("/api/users/42");
      event.setSourceIp("192.0.2.33");
      event.setEventIngested(event.getTimestamp().plusSeconds(1));

      chain.enrich(event);

      assertThat(event.getHttpRoute()).isEqualTo("/api/users/{id}");
      assertThat(event.getServiceName()).isEqualTo("api");
      assertThat(event.getSourceIp()).isEqualTo("192.0.2.0");
      assertThat(event.getTags())
          .containsExactly(ClientIpAnonymizer.TAG, TimestampSkewCheck.TAG);
    }
  }
}
