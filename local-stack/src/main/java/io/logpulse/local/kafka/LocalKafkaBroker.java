package io.logpulse.local.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller) running inside this
 * JVM, listening on the loopback address only. Configured for a single replica: internal topics
 * (offsets, transactions) have replication factor 1, so exactly-once producers and Kafka Streams
 * {@code exactly_once_v2} work.
 *
 * <p>Startup formats the log directory with {@link Formatter} (what {@code kafka-storage.sh format}
 * does) and starts {@link KafkaRaftServer}; about two seconds.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";

  /** Largest record the broker accepts, in bytes ({@code message.max.bytes}). */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private final KafkaRaftServer server;
  private final int port;

  private LocalKafkaBroker(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Formats {@code logDir} and starts the broker.
   *
   * @param logDir an empty or not yet existing directory for the broker's logs and metadata
   * @param port client port on 127.0.0.1; 0 picks a free one
   * @return the running broker
   * @throws IOException when the directory or a port cannot be had
   * @throws Exception when formatting or startup fails
   */
  public static LocalKafkaBroker start(Path logDir, int port) throws Exception {
    Files.createDirectories(logDir);
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Properties properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", "1");
    properties.put(
        "listeners",
        "PLAINTEXT://" + LOOPBACK + ":" + clientPort + ",CONTROLLER://" + LOOPBACK + ":"
            + controllerPort);
    properties.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + clientPort);
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
    properties.put("log.dirs", logDir.toAbsolutePath().toString());
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("offsets.topic.num.partitions", "5");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("transaction.state.log.num.partitions", "5");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    properties.put("auto.create.topics.enable", "false");
    properties.put("num.partitions", "1");
    properties.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    KafkaConfig config = KafkaConfig.fromProps(properties, false);

    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toAbsolutePath().toString()))
        .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setControllerListenerName("CONTROLLER")
        .run();

    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      throw e;
    }
    return new LocalKafkaBroker(server, clientPort);
  }

  /** @return {@code 127.0.0.1:PORT}, the value for {@code bootstrap.servers} */
  public String bootstrapServers() {
    return LOOPBACK + ":" + port;
  }

  /** @return the client port */
  public int port() {
    return port;
  }

  /** Stops the broker and waits for it (about half a second). */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
