package io.logpulse.local.agent;

/**
 * A Java agent the local stack starts its service JVMs with ({@code
 * -javaagent:local-stack/target/local-stack-parent-watch.jar}): when the process that started the
 * JVM ends, the JVM exits too (status 143, after its shutdown hooks, so Kafka Streams and Spark
 * close cleanly).
 *
 * <p>Without it, a {@code logpulse run} killed with SIGKILL (or an IDE's stop button) leaves
 * ingest-streams and spark-analytics running, holding their ports and CPU: a SIGKILLed JVM runs no
 * shutdown hook, and Linux does not end a process's children with it. The agent uses only the JDK
 * ({@link ProcessHandle#onExit()}) and lives in its own jar, so nothing else of the local stack is
 * put on the services' class path.
 */
public final class ParentWatchAgent {

  /** Exit status of a JVM whose parent ended: 128 + SIGTERM, as if it had been sent SIGTERM. */
  static final int EXIT_STATUS = 143;

  private ParentWatchAgent() {}

  /** @param arguments ignored */
  public static void premain(String arguments) {
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          System.err.println(
                              "logpulse: the process that started this JVM (pid " + parent.pid()
                                  + ") ended; exiting");
                          System.exit(EXIT_STATUS);
                        }));
  }
}
