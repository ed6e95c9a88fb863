package io.logpulse.local.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * An in-memory schema registry speaking the Confluent Schema Registry REST API (v1, content type
 * {@code application/vnd.schemaregistry.v1+json}) for Avro schemas, for tests and the local
 * stack. Production uses a real Confluent Schema Registry or another server of that API.
 *
 * <p>Source of the protocol: the Confluent Schema Registry "API Reference". Served:
 *
 * <pre>
 * GET    /subjects                                        ["s", ...]
 * POST   /subjects/{s}/versions          {"schema": ..}   {"id": n}      (registers; 409 if incompatible)
 * POST   /subjects/{s}                   {"schema": ..}   {"subject", "version", "id", "schema"}
 * GET    /subjects/{s}/versions                           [1, 2, ...]
 * GET    /subjects/{s}/versions/{n|latest}                {"subject", "version", "id", "schema"}
 * GET    /subjects/{s}/versions/{n|latest}/schema         the schema itself
 * DELETE /subjects/{s}                                    [1, 2, ...]    (soft delete)
 * GET    /schemas/ids/{id}                                {"schema": ..}
 * GET    /schemas/types                                   ["AVRO"]
 * POST   /compatibility/subjects/{s}/versions/{n|latest}  {"is_compatible": bool} (+ "messages" with ?verbose=true)
 * GET    /config                                          {"compatibilityLevel": "BACKWARD"}
 * PUT    /config                         {"compatibility": ..}  {"compatibility": ..}
 * GET    /config/{s}[?defaultToGlobal=true]               {"compatibilityLevel": ..}
 * PUT    /config/{s}                     {"compatibility": ..}  {"compatibility": ..}
 * DELETE /config/{s}                                      {"compatibilityLevel": ..} (the removed level)
 * </pre>
 *
 * <p>Errors are {@code {"error_code": n, "message": "..."}} with Confluent's codes: 404 unknown
 * route, 405 wrong method, 400 malformed JSON body, 40401 subject not found, 40402 version not
 * found, 40403 schema not found, 40408 no subject-level compatibility, 409 incompatible schema,
 * 42201 invalid schema (also: a schema type other than AVRO, or schema references, which this
 * registry does not support), 42202 invalid version, 42203 invalid compatibility level. The
 * default compatibility level is BACKWARD.
 *
 * <p>Binds to the loopback address only. Thread-safe. Nothing is persisted. Unless already
 * set, {@link #start(int)} sets the JDK system property {@code sun.net.httpserver.nodelay} to
 * {@code true} (TCP_NODELAY for JDK HTTP servers of this JVM started afterwards), which cuts
 * each answer's latency from about 40 ms to well under one.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int HANDLER_THREADS = 4;
    private static final String HTTP_SERVER_NO_DELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI url;
    private final SchemaStore store = new SchemaStore();
    private final ObjectMapper objectMapper = new ObjectMapper();

    private LocalSchemaRegistry(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        try {
            this.url = new URI("http", null, server.getAddress().getAddress().getHostAddress(),
                    server.getAddress().getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot form the registry URL", e);
        }
    }

    /**
     * Starts a registry on the loopback address.
     *
     * @param port the TCP port, 0 to 65535; 0 picks a free ephemeral port (see {@link #port()})
     * @return the running registry; close it to stop it
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws IOException if the port cannot be bound (for example, it is in use)
     */
    public static LocalSchemaRegistry start(int port) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Port must be 0 to 65535, was " + port);
        }
        if (System.getProperty(HTTP_SERVER_NO_DELAY) == null) {
            // The JDK server writes the headers and the body of an answer in two TCP segments;
            // with Nagle's algorithm on, the body then waits for the client's delayed ACK, about
            // 40 ms per request. The JDK reads this property once, when its server first loads.
            System.setProperty(HTTP_SERVER_NO_DELAY, "true");
        }
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, task -> {
            Thread thread = new Thread(task,
                    "local-schema-registry-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        LocalSchemaRegistry registry = new LocalSchemaRegistry(server, executor);
        server.createContext("/", registry::handle);
        server.start();
        return registry;
    }

    /**
     * The base URL to give clients.
     *
     * @return {@code http://<loopback address>:<port>}, for example {@code http://127.0.0.1:40123}
     */
    public URI url() {
        return url;
    }

    /**
     * The TCP port the registry listens on.
     *
     * @return the bound port, 1 to 65535 (the chosen one when started with port 0)
     */
    public int port() {
        return url.getPort();
    }

    /**
     * Stops the registry: closes the listening socket and open connections without waiting for
     * requests in progress, and stops the handler threads, waiting at most one second for them.
     * All schemas are lost. Idempotent.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes this registry.
     *
     * @return a description naming its URL
     */
    @Override
    public String toString() {
        return "LocalSchemaRegistry[" + url + "]";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            int status;
            JsonNode answer;
            try {
                answer = route(exchange.getRequestMethod(), exchange.getRequestURI(), requestBody);
                status = 200;
            } catch (RegistryError e) {
                status = e.httpStatus();
                answer = error(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                // The boundary of the server: report the bug to the client instead of a reset.
                status = 500;
                answer = error(500, "Internal error: " + e);
            }
            byte[] responseBody = objectMapper.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, responseBody.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(responseBody);
            }
        }
    }

    private JsonNode route(String method, URI uri, byte[] body) {
        List<String> path = pathSegments(uri.getRawPath());
        Map<String, String> query = queryParameters(uri.getRawQuery());
        if (path.isEmpty()) {
            requireMethod(method, "GET");
            return objectMapper.createObjectNode();
        }
        switch (path.get(0)) {
            case "subjects":
                return routeSubjects(method, path, body);
            case "schemas":
                return routeSchemas(method, path);
            case "compatibility":
                return routeCompatibility(method, path, query, body);
            case "config":
                return routeConfig(method, path, query, body);
            default:
                throw RegistryError.routeNotFound();
        }
    }

    private JsonNode routeSubjects(String method, List<String> path, byte[] body) {
        if (path.size() == 1) {
            requireMethod(method, "GET");
            return stringArray(store.subjects());
        }
        String subject = path.get(1);
        if (path.size() == 2) {
            if (method.equals("POST")) {
                return versionNode(store.lookup(subject, schemaOf(body)));
            }
            requireMethod(method, "DELETE");
            return intArray(store.deleteSubject(subject));
        }
        if (!path.get(2).equals("versions")) {
            throw RegistryError.routeNotFound();
        }
        if (path.size() == 3) {
            if (method.equals("POST")) {
                ObjectNode answer = objectMapper.createObjectNode();
                answer.put("id", store.register(subject, schemaOf(body)));
                return answer;
            }
            requireMethod(method, "GET");
            return intArray(store.versions(subject));
        }
        int version = parseVersion(path.get(3));
        if (path.size() == 4) {
            requireMethod(method, "GET");
            return versionNode(store.version(subject, version));
        }
        if (path.size() == 5 && path.get(4).equals("schema")) {
            requireMethod(method, "GET");
            return readTree(store.version(subject, version).schema().canonical());
        }
        throw RegistryError.routeNotFound();
    }

    private JsonNode routeSchemas(String method, List<String> path) {
        if (path.size() == 2 && path.get(1).equals("types")) {
            requireMethod(method, "GET");
            return stringArray(List.of("AVRO"));
        }
        if (path.size() == 3 && path.get(1).equals("ids")) {
            int id;
            try {
                id = Integer.parseInt(path.get(2));
            } catch (NumberFormatException e) {
                throw RegistryError.routeNotFound();
            }
            requireMethod(method, "GET");
            ObjectNode answer = objectMapper.createObjectNode();
            answer.put("schema", store.schemaById(id).canonical());
            return answer;
        }
        throw RegistryError.routeNotFound();
    }

    private JsonNode routeCompatibility(String method, List<String> path,
            Map<String, String> query, byte[] body) {
        if (path.size() != 5 || !path.get(1).equals("subjects") || !path.get(3).equals("versions")) {
            throw RegistryError.routeNotFound();
        }
        requireMethod(method, "POST");
        String subject = path.get(2);
        int version = parseVersion(path.get(4));
        List<String> problems = store.incompatibilities(subject, version, schemaOf(body));
        ObjectNode answer = objectMapper.createObjectNode();
        answer.put("is_compatible", problems.isEmpty());
        if (Boolean.parseBoolean(query.get("verbose"))) {
            answer.set("messages", stringArray(problems));
        }
        return answer;
    }

    private JsonNode routeConfig(String method, List<String> path, Map<String, String> query,
            byte[] body) {
        if (path.size() > 2) {
            throw RegistryError.routeNotFound();
        }
        String subject = path.size() == 2 ? path.get(1) : null;
        ObjectNode answer = objectMapper.createObjectNode();
        switch (method) {
            case "GET": {
                CompatibilityLevel level;
                if (subject == null) {
                    level = store.globalLevel();
                } else if (Boolean.parseBoolean(query.get("defaultToGlobal"))) {
                    level = store.subjectLevel(subject).orElseGet(store::globalLevel);
                } else {
                    level = store.subjectLevel(subject).orElseThrow(
                            () -> RegistryError.subjectCompatibilityNotConfigured(subject));
                }
                answer.put("compatibilityLevel", level.name());
                return answer;
            }
            case "PUT": {
                JsonNode requested = jsonObject(body).get("compatibility");
                String name = requested != null && requested.isTextual() ? requested.textValue()
                        : String.valueOf(requested);
                CompatibilityLevel level = CompatibilityLevel.parse(name)
                        .orElseThrow(() -> RegistryError.invalidCompatibilityLevel(name));
                if (subject == null) {
                    store.globalLevel(level);
                } else {
                    store.subjectLevel(subject, level);
                }
                answer.put("compatibility", level.name());
                return answer;
            }
            case "DELETE": {
                if (subject == null) {
                    throw RegistryError.methodNotAllowed();
                }
                answer.put("compatibilityLevel", store.deleteSubjectLevel(subject).name());
                return answer;
            }
            default:
                throw RegistryError.methodNotAllowed();
        }
    }

    /** Parses the {@code {"schema": "...", "schemaType": "AVRO"}} body of a request. */
    private Schema schemaOf(byte[] body) {
        JsonNode request = jsonObject(body);
        JsonNode type = request.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw RegistryError.invalidSchema("schema type " + type.asText()
                    + " is not supported by this registry, only AVRO");
        }
        JsonNode references = request.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryError.invalidSchema("schema references are not supported by this"
                    + " registry");
        }
        JsonNode text = request.get("schema");
        if (text == null || !text.isTextual() || text.textValue().isBlank()) {
            throw RegistryError.invalidSchema("the request has no \"schema\" string");
        }
        try {
            return new Schema.Parser().parse(text.textValue());
        } catch (AvroRuntimeException e) {
            throw RegistryError.invalidSchema(e.getMessage());
        } catch (NullPointerException e) {
            // Avro 1.12's parser reports a type name it cannot resolve this way.
            throw RegistryError.invalidSchema("undefined type name (" + e.getMessage() + ")");
        }
    }

    private JsonNode jsonObject(byte[] body) {
        JsonNode request;
        try {
            request = objectMapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw RegistryError.malformedRequest(e.getOriginalMessage());
        } catch (IOException e) {
            throw RegistryError.malformedRequest(e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw RegistryError.malformedRequest("expected a JSON object");
        }
        return request;
    }

    private JsonNode versionNode(SchemaStore.SubjectVersion version) {
        ObjectNode answer = objectMapper.createObjectNode();
        answer.put("subject", version.subject());
        answer.put("version", version.version());
        answer.put("id", version.schema().id());
        answer.put("schema", version.schema().canonical());
        return answer;
    }

    private static int parseVersion(String text) {
        if (text.equals("latest")) {
            return SchemaStore.LATEST;
        }
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(text);
        }
        if (version == SchemaStore.LATEST) {
            return version;
        }
        if (version < 1) {
            throw RegistryError.invalidVersion(text);
        }
        return version;
    }

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw RegistryError.methodNotAllowed();
        }
    }

    private ArrayNode stringArray(List<String> values) {
        ArrayNode array = objectMapper.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private ArrayNode intArray(List<Integer> values) {
        ArrayNode array = objectMapper.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private JsonNode readTree(String json) {
        try {
            return objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode error(int errorCode, String message) {
        ObjectNode error = objectMapper.createObjectNode();
        error.put("error_code", errorCode);
        error.put("message", message);
        return error;
    }

    /**
     * Splits a raw path into percent-decoded segments. A literal '+' stays a '+' (it means a space
     * only in query strings); one trailing slash is ignored; an empty segment matches no route.
     */
    private static List<String> pathSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return segments;
        }
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty()) {
                throw RegistryError.routeNotFound();
            }
            segments.add(decode(segment.replace("+", "%2B")));
        }
        return segments;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryError.routeNotFound();
        }
    }
}
