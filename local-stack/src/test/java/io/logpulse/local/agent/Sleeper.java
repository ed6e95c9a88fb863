package io.logpulse.local.agent;

/** A JVM that does nothing for a minute: the child in {@link ParentWatchAgentIT}. */
public final class Sleeper {

  private Sleeper() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(60_000);
  }
}
