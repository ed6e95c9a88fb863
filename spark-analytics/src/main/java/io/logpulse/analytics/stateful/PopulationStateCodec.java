package io.logpulse.analytics.stateful;

import io.logpulse.analytics.detect.PopulationState;

/**
 * The bytes a {@link PopulationState} is kept as: {@code LPPS}, format version {@value #VERSION},
 * then Kryo ({@link VersionedStateCodec}). Raise {@link #VERSION} with any change to the fields of
 * {@link PopulationState} or of the classes it holds.
 */
public final class PopulationStateCodec extends VersionedStateCodec<PopulationState> {

  private static final long serialVersionUID = 1L;

  /** Format version. */
  static final byte VERSION = 1;

  public PopulationStateCodec() {
    super(PopulationState.class, "LPPS", VERSION);
  }

  @Override
  protected PopulationState empty() {
    return new PopulationState();
  }
}
