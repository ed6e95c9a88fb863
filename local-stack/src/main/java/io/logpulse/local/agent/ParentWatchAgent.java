package io.logpulse.local.agent;

/**
 * A Java agent the local stack starts its service JVMs with ({@code
 * -javaagent:local-stack/target/local-stack-parent-watch.jar=<launcher pid>}): when the launcher
 * ends, the JVM exits too (status 143, after its shutdown hooks; they may wait out their timeouts
 * against a broker that ended with the launcher). The JDK notices a process that is not a child
 * ending by polling, within about 5 s. The pid is passed rather than read from the JVM's parent, so
 * a launcher that died while this JVM was still starting is noticed too.
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

  /**
   * @param arguments the launcher's pid; without one, this JVM's parent process
   * @throws NumberFormatException when the argument is not a pid (the JVM does not start)
   */
  public static void premain(String arguments) {
    long pid =
        arguments == null || arguments.isBlank()
            ? ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L)
            : Long.parseLong(arguments.trim());
    ProcessHandle.of(pid)
        .ifPresentOrElse(
            launcher -> launcher.onExit().thenRun(() -> exit(pid)), () -> exit(pid));
  }

  private static void exit(long pid) {
    System.err.println("logpulse: the process that started this JVM (pid " + pid + ") ended; exiting");
    System.exit(EXIT_STATUS);
  }
}
