package io.logpulse.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.registry.SchemaRegistryClient;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Builds the project's real {@link AvroWireSerializer} with a fixed schema id and no registry on
 * the measured path.
 *
 * <p>{@link AvroWireSerializer} asks its {@link SchemaRegistryClient} for the id once per topic
 * and caches it. This class answers that one {@code POST /subjects/{subject}/versions} from a JDK
 * {@link HttpServer} on the loopback interface, serializes one event to fill the cache, and stops
 * the server: every later {@code serialize} call for {@link #TOPIC} runs exactly the production
 * code with no network access (a registry call after the server stopped would fail loudly).
 */
final class FixedIdRegistry {

  /** The topic the benchmarks serialize for. */
  static final String TOPIC = "logpulse.access-events";

  /** The schema id written into every message header. */
  static final int SCHEMA_ID = 1;

  private FixedIdRegistry() {}

  /**
   * Creates a warmed serializer.
   *
   * @param sample any valid event, serialized once to cache the schema id
   * @return the serializer, whose id cache already holds {@link #SCHEMA_ID} for {@link #TOPIC}
   */
  static AvroWireSerializer<AccessEvent> warmedSerializer(AccessEvent sample) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/subjects/",
        exchange -> {
          byte[] body = ("{\"id\":" + SCHEMA_ID + "}").getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (SchemaRegistryClient client =
        new SchemaRegistryClient(
            URI.create(
                "http://"
                    + server.getAddress().getAddress().getHostAddress()
                    + ":"
                    + server.getAddress().getPort()))) {
      AvroWireSerializer<AccessEvent> serializer =
          new AvroWireSerializer<>(client, AccessEvent.getClassSchema());
      serializer.serialize(TOPIC, sample);
      return serializer;
    } finally {
      server.stop(0);
    }
  }
}
