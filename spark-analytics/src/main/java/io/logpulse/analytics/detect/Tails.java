package io.logpulse.analytics.detect;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Exact tail probabilities of the count distributions the detectors test against, computed with the
 * regularized incomplete beta and gamma functions of Apache Commons Math (no {@code 1 - cdf}
 * subtraction, so tails far below {@code 1e-16} keep their precision).
 */
public final class Tails {

  private Tails() {}

  /**
   * P(X &ge; k) for X ~ Binomial(n, p), via P(X &ge; k) = I<sub>p</sub>(k, n - k + 1).
   *
   * @param k observed successes, 0 to n
   * @param n trials, at least 0
   * @param p success probability, 0 to 1
   * @return the upper tail, 0 to 1; 1 when {@code k <= 0}
   */
  public static double binomialUpperTail(long k, long n, double p) {
    if (k <= 0) {
      return 1.0;
    }
    if (k > n) {
      return 0.0;
    }
    if (p <= 0.0) {
      return 0.0;
    }
    if (p >= 1.0) {
      return 1.0;
    }
    return Beta.regularizedBeta(p, k, n - k + 1.0);
  }

  /**
   * P(X &le; k) for X ~ Poisson(lambda), via P(X &le; k) = Q(k + 1, lambda), the regularized upper
   * incomplete gamma function.
   *
   * @param k observed count, at least 0
   * @param lambda expected count, at least 0
   * @return the lower tail, 0 to 1
   */
  public static double poissonLowerTail(long k, double lambda) {
    if (k < 0) {
      return 0.0;
    }
    if (lambda <= 0.0) {
      return 1.0;
    }
    return Gamma.regularizedGammaQ(k + 1.0, lambda);
  }
}
