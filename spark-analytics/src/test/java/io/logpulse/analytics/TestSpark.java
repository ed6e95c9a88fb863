package io.logpulse.analytics;

import org.apache.spark.sql.SparkSession;

/** The local Spark session of the tests: 2 threads, loopback only, UTC, no UI. */
final class TestSpark {

  private TestSpark() {}

  static SparkSession session(String appName) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
