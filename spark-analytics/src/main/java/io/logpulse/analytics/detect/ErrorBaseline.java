package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * A service's usual share of server errors: EWMAs of requests and of responses with status &ge; 500
 * per window, their ratio the baseline rate. Volume-weighted, so a quiet window with 1 error in 2
 * requests counts for little.
 */
public final class ErrorBaseline implements Serializable {

  private static final long serialVersionUID = 1L;

  private double requests;
  private double errors;
  private long samples;

  public long samples() {
    return samples;
  }

  /** @return the baseline share of status &ge; 500, at least {@code floor} */
  public double rate(double floor) {
    return requests <= 0 ? floor : Math.max(floor, errors / requests);
  }

  void update(long windowRequests, long windowErrors, double alpha) {
    if (windowRequests == 0) {
      return;
    }
    double weight = Math.max(alpha, 1.0 / (samples + 1));
    requests = (1 - weight) * requests + weight * windowRequests;
    errors = (1 - weight) * errors + weight * windowErrors;
    samples++;
  }
}
