package io.logpulse.local.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started with the packaged parent-watch agent ends when the process that started it ends,
 * even though that process never stops it (as when {@code logpulse run} is SIGKILLed); without the
 * agent it goes on running.
 */
class ParentWatchAgentIT {

  private static final Path AGENT =
      Path.of(System.getProperty("logpulse.home", "..")).toAbsolutePath()
          .resolve("local-stack/target/local-stack-parent-watch.jar");

  @Test
  void aChildJvmEndsWithItsParent() throws Exception {
    assertThat(AGENT).isRegularFile();
    // $$ is the shell's pid: the agent watches the shell, however long the JVM takes to start.
    ProcessHandle child = childOfShortLivedShell("-javaagent:\"$1\"=$$");
    await("the child JVM to end after its parent")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !child.isAlive());
  }

  @Test
  void withoutTheAgentTheChildOutlivesItsParent() throws Exception {
    ProcessHandle child = childOfShortLivedShell("-Dno.agent=true");
    try {
      await("the child JVM to stay alive for 3 s after its parent ended")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(child::isAlive);
    } finally {
      child.destroyForcibly();
    }
  }

  /**
   * Starts a shell that starts a {@link Sleeper} JVM in the background, prints its pid and exits.
   *
   * @param jvmOption shell text of the JVM option; {@code $1} is the agent jar's path
   */
  private static ProcessHandle childOfShortLivedShell(String jvmOption) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    Process shell =
        new ProcessBuilder(
                List.of(
                    "sh", "-c",
                    "\"$0\" " + jvmOption + " -cp \"$2\" " + Sleeper.class.getName()
                        + " >/dev/null 2>&1 </dev/null & echo $!; sleep 1",
                    java, AGENT.toString(), classPath))
            .redirectErrorStream(true)
            .start();
    long pid;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
      pid = Long.parseLong(out.readLine().trim());
    }
    ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
    assertThat(shell.waitFor(30, TimeUnit.SECONDS)).as("the shell exits").isTrue();
    return child;
  }
}
