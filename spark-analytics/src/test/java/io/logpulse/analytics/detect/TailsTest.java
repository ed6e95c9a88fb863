package io.logpulse.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** Tails against exact sums computed with BigDecimal from the probability mass functions. */
class TailsTest {

  private static final MathContext PRECISION = new MathContext(60);

  private static double exactBinomialUpperTail(int k, int n, double p) {
    BigDecimal pp = new BigDecimal(p);
    BigDecimal q = BigDecimal.ONE.subtract(pp);
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = k; i <= n; i++) {
      BigDecimal term =
          new BigDecimal(choose(n, i)).multiply(pp.pow(i, PRECISION)).multiply(q.pow(n - i, PRECISION));
      sum = sum.add(term, PRECISION);
    }
    return sum.doubleValue();
  }

  private static BigInteger choose(int n, int k) {
    BigInteger result = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return result;
  }

  private static double exactPoissonLowerTail(int k, double lambda) {
    double sum = 0;
    double term = Math.exp(-lambda);
    for (int i = 0; i <= k; i++) {
      sum += term;
      term *= lambda / (i + 1);
    }
    return sum;
  }

  @Test
  void binomialUpperTailMatchesTheExactSumIncludingFarTails() {
    int[][] cases = {{5, 20, 0}, {10, 100, 0}, {30, 100, 0}, {500, 1000, 0}, {1, 1, 0}};
    double[] rates = {0.1, 0.01, 0.05, 0.2, 0.5};
    for (int i = 0; i < cases.length; i++) {
      int k = cases[i][0];
      int n = cases[i][1];
      double exact = exactBinomialUpperTail(k, n, rates[i]);
      assertThat(Tails.binomialUpperTail(k, n, rates[i]))
          .as("P(X >= %d | n=%d, p=%s) = %s", k, n, rates[i], exact)
          .isCloseTo(exact, within(exact * 1e-9));
    }
    // 500 of 1000 at p = 0.2 is about 4e-99 (checked against the exact sum above): no
    // catastrophic cancellation to 0
    assertThat(Tails.binomialUpperTail(500, 1000, 0.2)).isGreaterThan(1e-100).isLessThan(1e-97);
  }

  @Test
  void binomialEdgeCases() {
    assertThat(Tails.binomialUpperTail(0, 10, 0.3)).isEqualTo(1.0);
    assertThat(Tails.binomialUpperTail(11, 10, 0.3)).isEqualTo(0.0);
    assertThat(Tails.binomialUpperTail(3, 10, 0.0)).isEqualTo(0.0);
    assertThat(Tails.binomialUpperTail(3, 10, 1.0)).isEqualTo(1.0);
  }

  @Test
  void poissonLowerTailMatchesTheExactSum() {
    double[][] cases = {{0, 50}, {10, 100}, {45, 100}, {3, 2.5}, {99, 100}};
    for (double[] c : cases) {
      double exact = exactPoissonLowerTail((int) c[0], c[1]);
      assertThat(Tails.poissonLowerTail((long) c[0], c[1]))
          .as("P(X <= %s | lambda=%s)", c[0], c[1])
          .isCloseTo(exact, within(exact * 1e-9));
    }
    assertThat(Tails.poissonLowerTail(5, 0.0)).isEqualTo(1.0);
  }
}
