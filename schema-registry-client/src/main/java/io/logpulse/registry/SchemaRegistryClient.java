package io.logpulse.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API for Avro schemas, over the JDK
 * {@link HttpClient}.
 *
 * <p>Source of the protocol: the Confluent Schema Registry "API Reference" (REST API v1, content
 * type {@value #CONTENT_TYPE}). Works against Confluent Schema Registry and servers speaking its
 * API (Karapace, Redpanda, Apicurio's ccompat API, and logpulse's local-stack registry).
 *
 * <p>Caches: {@link #schemaById(int)} results are kept for the life of the client, because a
 * registry never changes the schema behind an id; {@link #register(String, Schema)} results are
 * kept per (subject, schema text), because registering the same schema again returns the same id.
 * Nothing else is cached: {@link #latest(String)} and friends always ask the registry.
 *
 * <p>Errors: every failure is a {@link SchemaRegistryException}. An error answer carries its HTTP
 * status and Confluent {@code error_code}; an I/O error or a timeout has status -1 and is a
 * transient infrastructure error that callers retry or rethrow, never treat as bad data.
 *
 * <p>Thread-safe. Uses only APIs that also exist in Avro 1.11 and Jackson 2.15, so the Spark job
 * can use it with the versions Spark 3.5 ships.
 */
public final class SchemaRegistryClient implements AutoCloseable {

    /** Media type of the Confluent Schema Registry REST API, version 1. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** Request timeout used by {@link #SchemaRegistryClient(URI)}: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final String ACCEPT = CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_ERROR_BODY_CHARS = 500;

    private final URI baseUrl;
    private final String baseUrlWithoutTrailingSlash;
    private final Duration requestTimeout;
    private final HttpClient httpClient;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectAndSchema, Integer> idsBySubjectAndSchema =
            new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates a client with a request timeout of {@link #DEFAULT_REQUEST_TIMEOUT}.
     *
     * @param baseUrl the registry's base URL, for example {@code http://registry:8081}; an
     *     absolute {@code http} or {@code https} URL, possibly with a path prefix; not null
     * @throws NullPointerException if {@code baseUrl} is null
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http(s) URL
     */
    public SchemaRegistryClient(URI baseUrl) {
        this(baseUrl, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Creates a client.
     *
     * @param baseUrl the registry's base URL, for example {@code http://registry:8081}; an
     *     absolute {@code http} or {@code https} URL, possibly with a path prefix; not null
     * @param requestTimeout how long to wait for connecting and for each answer, positive
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http(s) URL or
     *     {@code requestTimeout} is not positive
     */
    public SchemaRegistryClient(URI baseUrl, Duration requestTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(
                    "Schema registry URL must be an absolute http(s) URL, was: " + baseUrl);
        }
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "Schema registry request timeout must be positive, was: " + requestTimeout);
        }
        String text = baseUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.baseUrl = baseUrl;
        this.baseUrlWithoutTrailingSlash = text;
        this.requestTimeout = requestTimeout;
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The registry's base URL as given to the constructor.
     *
     * @return the base URL, not null
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Registers a schema under a subject ({@code POST /subjects/{subject}/versions} with body
     * {@code {"schema": "..."}}), or returns the id it already has there. The registry checks the
     * schema against the subject's compatibility level. Successful results are cached per
     * (subject, schema), so repeated calls do not reach the registry.
     *
     * @param subject the subject, not blank (for values of topic {@code t}: {@code t-value})
     * @param schema the Avro schema, not null
     * @return the global schema id, {@code >= 0}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code subject} is blank
     * @throws SchemaRegistryException with status 409 if the schema is incompatible, 422 (error
     *     code 42201) if the registry rejects it as invalid, or -1 on I/O error or timeout
     * @throws IllegalStateException if this client is closed
     */
    public int register(String subject, Schema schema) {
        checkSubject(subject);
        Objects.requireNonNull(schema, "schema");
        SubjectAndSchema key = new SubjectAndSchema(subject, schema.toString());
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        Answer answer = send("POST", "/subjects/" + pathSegment(subject) + "/versions",
                schemaBody(key.schemaText()));
        int id = answer.requiredInt("id");
        idsBySubjectAndSchema.putIfAbsent(key, id);
        return id;
    }

    /**
     * Fetches the schema with a global id ({@code GET /schemas/ids/{id}}). Results are cached for
     * the life of the client: ids are immutable.
     *
     * @param id the global schema id
     * @return the parsed schema, not null
     * @throws SchemaRegistryException with status 404 and error code 40403 if no schema has that
     *     id, or -1 on I/O error or timeout
     * @throws IllegalStateException if this client is closed
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        Schema schema = send("GET", path, null).schema();
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    /**
     * Fetches the latest version of a subject ({@code GET /subjects/{subject}/versions/latest}).
     *
     * @param subject the subject, not blank
     * @return the latest version, not null
     * @throws NullPointerException if {@code subject} is null
     * @throws IllegalArgumentException if {@code subject} is blank
     * @throws SchemaRegistryException with status 404 and error code 40401 if the subject does
     *     not exist, or -1 on I/O error or timeout
     * @throws IllegalStateException if this client is closed
     */
    public RegisteredSchema latest(String subject) {
        checkSubject(subject);
        return fetchVersion(subject, "latest");
    }

    /**
     * Fetches one version of a subject ({@code GET /subjects/{subject}/versions/{version}}).
     *
     * @param subject the subject, not blank
     * @param version the version within the subject, {@code >= 1}
     * @return that version, not null
     * @throws NullPointerException if {@code subject} is null
     * @throws IllegalArgumentException if {@code subject} is blank or {@code version < 1}
     * @throws SchemaRegistryException with status 404 and error code 40401 if the subject does
     *     not exist, 40402 if the version does not, or -1 on I/O error or timeout
     * @throws IllegalStateException if this client is closed
     */
    public RegisteredSchema version(String subject, int version) {
        checkSubject(subject);
        if (version < 1) {
            throw new IllegalArgumentException("Schema version must be >= 1, was " + version);
        }
        return fetchVersion(subject, Integer.toString(version));
    }

    /**
     * Fetches every version of a subject: {@code GET /subjects/{subject}/versions} for the
     * version numbers, then each version. Not atomic: a version deleted meanwhile fails the call.
     *
     * @param subject the subject, not blank
     * @return the versions in ascending version order, not empty, unmodifiable
     * @throws NullPointerException if {@code subject} is null
     * @throws IllegalArgumentException if {@code subject} is blank
     * @throws SchemaRegistryException with status 404 and error code 40401 if the subject does
     *     not exist, or -1 on I/O error or timeout
     * @throws IllegalStateException if this client is closed
     */
    public List<RegisteredSchema> allVersions(String subject) {
        checkSubject(subject);
        String path = "/subjects/" + pathSegment(subject) + "/versions";
        Answer answer = send("GET", path, null);
        if (!answer.body().isArray()) {
            throw answer.malformed("expected a JSON array of versions", null);
        }
        List<Integer> versions = new ArrayList<>();
        for (JsonNode version : answer.body()) {
            if (!version.canConvertToInt()) {
                throw answer.malformed("expected integer versions", null);
            }
            versions.add(version.intValue());
        }
        versions.sort(null);
        List<RegisteredSchema> result = new ArrayList<>(versions.size());
        for (int version : versions) {
            result.add(fetchVersion(subject, Integer.toString(version)));
        }
        return List.copyOf(result);
    }

    /**
     * Asks whether a schema is compatible with the latest version of a subject under the
     * subject's compatibility level ({@code POST /compatibility/subjects/{subject}/versions/latest}
     * with body {@code {"schema": "..."}}, answer {@code {"is_compatible": bool}}). Registers
     * nothing.
     *
     * @param subject the subject, not blank
     * @param schema the candidate schema, not null
     * @return true if the registry would accept the schema as a new version
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code subject} is blank
     * @throws SchemaRegistryException with status 422 (error code 42201) if the schema is invalid,
     *     404 if the registry requires an existing subject and there is none, or -1 on I/O error
     *     or timeout
     * @throws IllegalStateException if this client is closed
     */
    public boolean testCompatibility(String subject, Schema schema) {
        checkSubject(subject);
        Objects.requireNonNull(schema, "schema");
        String path = "/compatibility/subjects/" + pathSegment(subject) + "/versions/latest";
        Answer answer = send("POST", path, schemaBody(schema.toString()));
        JsonNode compatible = answer.body().get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw answer.malformed("no boolean is_compatible", null);
        }
        return compatible.booleanValue();
    }

    /**
     * Marks this client closed and drops its caches; later calls throw
     * {@link IllegalStateException}. On Java 17 the JDK {@link HttpClient} has no close method:
     * its selector thread ends once the client becomes unreachable. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        schemasById.clear();
        idsBySubjectAndSchema.clear();
    }

    /**
     * Describes this client.
     *
     * @return a description naming the base URL
     */
    @Override
    public String toString() {
        return "SchemaRegistryClient[" + baseUrl + "]";
    }

    private RegisteredSchema fetchVersion(String subject, String version) {
        String path = "/subjects/" + pathSegment(subject) + "/versions/" + version;
        Answer answer = send("GET", path, null);
        int id = answer.requiredInt("id");
        int number = answer.requiredInt("version");
        JsonNode subjectNode = answer.body().get("subject");
        String answeredSubject = subjectNode != null && subjectNode.isTextual()
                ? subjectNode.textValue() : subject;
        Schema schema = answer.schema();
        Schema previous = schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(answeredSubject, id, number, previous == null ? schema : previous);
    }

    private Answer send(String method, String path, JsonNode body) {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        URI uri = URI.create(baseUrlWithoutTrailingSlash + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = httpClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry " + method + " " + uri + " failed: "
                    + e, SchemaRegistryException.NONE, SchemaRegistryException.NONE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Schema registry " + method + " " + uri
                    + " interrupted", SchemaRegistryException.NONE, SchemaRegistryException.NONE, e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw errorAnswer(method, uri, status, response.body());
        }
        try {
            return new Answer(method + " " + uri, status, objectMapper.readTree(response.body()));
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry " + method + " " + uri
                    + " answered HTTP " + status + " with a body that is not JSON: " + e.getMessage(),
                    status, SchemaRegistryException.NONE, e);
        }
    }

    private SchemaRegistryException errorAnswer(String method, URI uri, int status, byte[] body) {
        int errorCode = SchemaRegistryException.NONE;
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode error = objectMapper.readTree(body);
            if (error != null && error.isObject()) {
                JsonNode code = error.get("error_code");
                if (code != null && code.canConvertToInt()) {
                    errorCode = code.intValue();
                }
                JsonNode text = error.get("message");
                if (text != null && text.isTextual()) {
                    message = text.textValue();
                }
            }
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, for example): keep the raw body as the message.
        }
        if (message.length() > MAX_ERROR_BODY_CHARS) {
            message = message.substring(0, MAX_ERROR_BODY_CHARS) + "...";
        }
        return new SchemaRegistryException("Schema registry " + method + " " + uri
                + " failed: HTTP " + status + ", error_code " + errorCode + ": " + message,
                status, errorCode, null);
    }

    private ObjectNode schemaBody(String schemaText) {
        ObjectNode body = objectMapper.createObjectNode();
        body.put("schema", schemaText);
        return body;
    }

    private byte[] toJson(JsonNode body) {
        try {
            return objectMapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("Subject must not be blank");
        }
    }

    /** Percent-encodes one path segment (RFC 3986): spaces as %20, not '+'. */
    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record SubjectAndSchema(String subject, String schemaText) {
    }

    /** A successful (2xx) answer with a JSON body. */
    private record Answer(String request, int status, JsonNode body) {

        int requiredInt(String field) {
            JsonNode value = body.get(field);
            if (value == null || !value.canConvertToInt()) {
                throw malformed("no integer " + field, null);
            }
            return value.intValue();
        }

        Schema schema() {
            JsonNode type = body.get("schemaType");
            if (type != null && type.isTextual() && !type.textValue().equals("AVRO")) {
                throw malformed("schemaType is " + type.textValue() + ", not AVRO", null);
            }
            JsonNode text = body.get("schema");
            if (text == null || !text.isTextual()) {
                throw malformed("no schema string", null);
            }
            try {
                return new Schema.Parser().parse(text.textValue());
            } catch (AvroRuntimeException | NullPointerException e) {
                // Avro 1.12's parser reports an unresolvable type name as NullPointerException.
                throw malformed("the schema does not parse: " + e.getMessage(), e);
            }
        }

        SchemaRegistryException malformed(String problem, Throwable cause) {
            return new SchemaRegistryException("Schema registry answer to " + request
                    + " (HTTP " + status + ") is malformed: " + problem, status,
                    SchemaRegistryException.NONE, cause);
        }
    }
}
