package io.logpulse.local.run;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * One logpulse service running in its own JVM, started from its build output: {@code
 * <home>/<module>/target/<module>.jar} plus {@code target/lib/*}. Output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path logFile;

  private ServiceProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * @param home the repository root holding the built modules
   * @param module module directory and artifact name, e.g. {@code ingest-streams}
   * @param mainClass the service's main class
   * @param jvmOptions options before the main class (heap, --add-opens)
   * @param configFile the service's properties file, its only argument
   * @param logFile where stdout and stderr go
   * @throws IllegalStateException when the module has not been built
   * @throws IOException when the process cannot be started
   */
  public static ServiceProcess start(
      Path home,
      String module,
      String mainClass,
      List<String> jvmOptions,
      Path configFile,
      Path logFile)
      throws IOException {
    return start(home, module, mainClass, jvmOptions, List.of(configFile.toString()), logFile);
  }

  /**
   * As {@link #start(Path, String, String, List, Path, Path)}, with any program arguments.
   *
   * @param arguments the main class's arguments
   */
  public static ServiceProcess start(
      Path home,
      String module,
      String mainClass,
      List<String> jvmOptions,
      List<String> arguments,
      Path logFile)
      throws IOException {
    return start(home, module, mainClass, jvmOptions, arguments, logFile, 0);
  }

  /**
   * As {@link #start(Path, String, String, List, List, Path)}, at a lower CPU scheduling priority.
   *
   * @param niceness 0 for the launcher's own priority, 1 to 19 to start the JVM under {@code nice
   *     -n niceness} (POSIX {@code nice}: the scheduler prefers every process of lower niceness)
   * @throws IllegalArgumentException for a niceness outside 0 to 19
   */
  public static ServiceProcess start(
      Path home,
      String module,
      String mainClass,
      List<String> jvmOptions,
      List<String> arguments,
      Path logFile,
      int niceness)
      throws IOException {
    if (niceness < 0 || niceness > 19) {
      throw new IllegalArgumentException("niceness must be 0 to 19, not " + niceness);
    }
    Path target = home.resolve(module).resolve("target");
    Path jar = target.resolve(module + ".jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(target.resolve("lib"))) {
      throw new IllegalStateException(
          module + " is not built (no " + jar + " or lib/): run ./mvnw -DskipTests package in "
              + home);
    }
    String javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    if (niceness > 0) {
      command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
    }
    command.add(javaExecutable);
    Path parentWatch = parentWatchAgent(home);
    if (parentWatch != null) {
      command.add("-javaagent:" + parentWatch + "=" + ProcessHandle.current().pid());
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(jar + File.pathSeparator + target.resolve("lib") + "/*");
    command.add(mainClass);
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    return new ServiceProcess(module, process, logFile);
  }

  /**
   * @return the agent jar that ends a service JVM with its parent ({@code ParentWatchAgent}), or
   *     null when the local stack was not packaged (a service then outlives a SIGKILLed parent)
   */
  static Path parentWatchAgent(Path home) {
    Path agent = home.resolve("local-stack/target/local-stack-parent-watch.jar");
    return Files.isRegularFile(agent) ? agent : null;
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the process to end.
   *
   * @return true when it ended within {@code timeout}
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitExit(java.time.Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** @return the exit code, or -1 while running */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  public Path logFile() {
    return logFile;
  }

  /** @return the last {@code count} lines of the service's log */
  public String logTail(int count) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /**
   * Spark settings of a spark-analytics JVM on this machine: {@code local[2]}, 2 shuffle
   * partitions, no UI, loopback only, and checkpoints written through Hadoop's {@code FileSystem}
   * API. Spark's default ({@code FileContext}) renames every checkpoint and state file through
   * {@code RawLocalFileSystem.getFileLinkStatus}, which without libhadoop forks {@code readlink}
   * (JFR {@code jdk.ProcessStart}: 21 of the 27 processes forked per detectors micro-batch; the
   * batch's {@code walCommit} plus {@code commitOffsets} went from about 90 ms to 30 ms). A rename
   * on a local file system is atomic either way. Local files are created through spark-analytics'
   * {@code ForkFreeLocalFileSystem} (a name here: this module does not link spark-analytics), which
   * sets their permissions without forking {@code chmod}.
   */
  public static final Map<String, String> LOCAL_SPARK_SETTINGS =
      Map.of(
          "spark.master", "local[2]",
          "spark.sql.shuffle.partitions", "2",
          "spark.ui.enabled", "false",
          "spark.driver.host", "127.0.0.1",
          "spark.driver.bindAddress", "127.0.0.1",
          "spark.sql.streaming.checkpointFileManagerClass",
          "org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager",
          "spark.hadoop.fs.file.impl",
          "io.logpulse.analytics.io.ForkFreeLocalFileSystem");

  /**
   * A flight-recording option with its file name suffixed by {@code jvmName} ({@code spark.jfr}
   * becomes {@code spark-spark-analytics-metrics.jfr}), so that JVMs started with the same options
   * in one directory do not write one file.
   *
   * @param jvmOption a JVM option; only {@code -XX:StartFlightRecording} options with a {@code
   *     filename=} are changed
   * @param jvmName the JVM's name, e.g. {@code spark-analytics}
   * @return the option, renamed or unchanged
   */
  public static String recordingPerJvm(String jvmOption, String jvmName) {
    if (!jvmOption.startsWith("-XX:StartFlightRecording")) {
      return jvmOption;
    }
    return jvmOption.replaceFirst(
        "(filename=[^,]*?)(\\.jfr)?(,|$)", "$1-" + Matcher.quoteReplacement(jvmName) + "$2$3");
  }

  /**
   * Writes a service's properties file.
   *
   * @return {@code file}
   * @throws IOException when the file cannot be written
   */
  public static Path writeConfig(Path file, Map<String, String> settings, String comment)
      throws IOException {
    Properties properties = new Properties();
    properties.putAll(settings);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, comment);
    }
    return file;
  }

  /** Asks the service to stop (SIGTERM), waits up to 30 s, then kills it and its children. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
