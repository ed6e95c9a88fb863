package io.logpulse.local.agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A JVM that does nothing for a minute: the child in {@link ParentWatchAgentIT}. */
public final class Sleeper {

  private Sleeper() {}

  public static void main(String[] args) throws InterruptedException {
    new CountDownLatch(1).await(60, TimeUnit.SECONDS); // nothing counts it down: a minute's wait
  }
}
