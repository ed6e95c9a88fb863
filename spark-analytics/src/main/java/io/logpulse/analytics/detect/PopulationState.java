package io.logpulse.analytics.detect;

import java.io.Serializable;
import java.util.LinkedHashSet;

/**
 * What {@link PopulationJudge} remembers between micro-batches: the recent population of client
 * windows, for addresses and for networks, and the burst incidents it holds back. Bounded: two
 * fixed-size histograms and at most {@link PopulationJudge#MAX_HELD} held incidents.
 *
 * <p>Kept in Spark's state store by {@code stateful.PopulationStateCodec}: raise its {@code
 * VERSION} with any change to the fields of this class or of the classes it holds.
 */
public final class PopulationState implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Requests per window of client addresses, over windows without a client rule's anomaly. */
  final DecayingHistogram addresses = new DecayingHistogram();
  /** The same for client networks. */
  final DecayingHistogram networks = new DecayingHistogram();
  /** Alert ids of the burst incidents held back, oldest first. */
  final LinkedHashSet<String> held = new LinkedHashSet<>();
}
