package io.logpulse.analytics.stateful;

import io.logpulse.analytics.detect.DetectionState;

/**
 * The bytes a {@link DetectionState} is kept as: {@code LPDS}, format version {@value #VERSION},
 * then Kryo ({@link VersionedStateCodec}). Raise {@link #VERSION} with any change to the fields of
 * {@link DetectionState} or of the classes it holds.
 */
public final class DetectionStateCodec extends VersionedStateCodec<DetectionState> {

  private static final long serialVersionUID = 1L;

  /** Format version: 2 added the clients' request history. */
  static final byte VERSION = 2;

  public DetectionStateCodec() {
    super(DetectionState.class, "LPDS", VERSION);
  }

  @Override
  protected DetectionState empty() {
    return new DetectionState();
  }
}
