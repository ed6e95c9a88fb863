package io.logpulse.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.registry.RegisteredSchema;
import io.logpulse.registry.SchemaRegistryClient;
import io.logpulse.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalSchemaRegistryTest {

    private static final String SUBJECT = "access-events-value";

    private static final Schema V1 = parse("""
            {"type": "record", "name": "Request", "namespace": "io.logpulse.test", "fields": [
              {"name": "path", "type": "string"}
            ]}""");
    /** V1 plus an optional field with default null: backward and forward compatible. */
    private static final Schema V2_OPTIONAL_FIELD = parse("""
            {"type": "record", "name": "Request", "namespace": "io.logpulse.test", "fields": [
              {"name": "path", "type": "string"},
              {"name": "referrer", "type": ["null", "string"], "default": null}
            ]}""");
    /** V1 plus a required field without default: forward but not backward compatible. */
    private static final Schema V2_REQUIRED_FIELD = parse("""
            {"type": "record", "name": "Request", "namespace": "io.logpulse.test", "fields": [
              {"name": "path", "type": "string"},
              {"name": "status", "type": "int"}
            ]}""");
    private static final Schema OTHER = parse("""
            {"type": "record", "name": "Alert", "namespace": "io.logpulse.test", "fields": [
              {"name": "id", "type": "string"}
            ]}""");

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private LocalSchemaRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = LocalSchemaRegistry.start(0);
        client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopRegistry() {
        client.close();
        registry.close();
    }

    @Test
    void listensOnAnEphemeralLoopbackPort() throws IOException {
        assertThat(registry.port()).isPositive();
        assertThat(registry.url().getScheme()).isEqualTo("http");
        assertThat(registry.url().getPort()).isEqualTo(registry.port());
        assertThat(InetAddress.getByName(registry.url().getHost()).isLoopbackAddress()).isTrue();
    }

    @Test
    void registeringTheSameSchemaAgainReturnsTheSameIdAndNoNewVersion() {
        int id = client.register(SUBJECT, V1);
        // A second client has no cache: the registry itself must answer with the same id.
        try (SchemaRegistryClient uncached = new SchemaRegistryClient(registry.url())) {
            assertThat(uncached.register(SUBJECT, V1)).isEqualTo(id);
        }

        assertThat(client.allVersions(SUBJECT)).extracting(RegisteredSchema::version)
                .containsExactly(1);
    }

    @Test
    void identicalSchemaUnderAnotherSubjectHasTheSameGlobalId() {
        int id = client.register("access-events-value", V1);

        assertThat(client.register("access-events-copy-value", V1)).isEqualTo(id);
        assertThat(client.register("alerts-value", OTHER)).isNotEqualTo(id);
        assertThat(client.latest("access-events-copy-value"))
                .isEqualTo(new RegisteredSchema("access-events-copy-value", id, 1, V1));
    }

    @Test
    void whitespaceAndKeyOrderDoNotMakeADifferentSchema() throws Exception {
        int id = client.register(SUBJECT, V1);
        String reformatted = "{ \"fields\" : [ { \"type\" : \"string\", \"name\" : \"path\" } ],"
                + " \"namespace\" : \"io.logpulse.test\", \"name\" : \"Request\","
                + " \"type\" : \"record\" }";

        Response response = send("POST", "/subjects/" + SUBJECT + "/versions", schemaBody(reformatted));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("id").intValue()).isEqualTo(id);
    }

    @Test
    void servesVersionsLatestAndSchemasById() {
        int firstId = client.register(SUBJECT, V1);
        int secondId = client.register(SUBJECT, V2_OPTIONAL_FIELD);

        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(client.allVersions(SUBJECT)).containsExactly(
                new RegisteredSchema(SUBJECT, firstId, 1, V1),
                new RegisteredSchema(SUBJECT, secondId, 2, V2_OPTIONAL_FIELD));
        assertThat(client.latest(SUBJECT))
                .isEqualTo(new RegisteredSchema(SUBJECT, secondId, 2, V2_OPTIONAL_FIELD));
        assertThat(client.version(SUBJECT, 1))
                .isEqualTo(new RegisteredSchema(SUBJECT, firstId, 1, V1));
        assertThat(client.schemaById(firstId)).isEqualTo(V1);
        assertThat(client.schemaById(secondId)).isEqualTo(V2_OPTIONAL_FIELD);
    }

    @Test
    void unknownSubjectVersionAndIdAreConfluent404s() {
        client.register(SUBJECT, V1);

        assertRegistryError(() -> client.latest("no-such-subject"), 404, 40401);
        assertRegistryError(() -> client.allVersions("no-such-subject"), 404, 40401);
        assertRegistryError(() -> client.version(SUBJECT, 7), 404, 40402);
        assertRegistryError(() -> client.schemaById(9_999), 404, 40403);
    }

    @Test
    void rejectsARequiredFieldWithoutDefaultUnderBackwardWith409() {
        client.register(SUBJECT, V1);

        assertThat(client.testCompatibility(SUBJECT, V2_REQUIRED_FIELD)).isFalse();
        assertThatThrownBy(() -> client.register(SUBJECT, V2_REQUIRED_FIELD))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("incompatible", SUBJECT, "status");
                });
        assertThat(client.allVersions(SUBJECT)).hasSize(1);
    }

    @Test
    void acceptsANewOptionalFieldWithDefaultNull() {
        client.register(SUBJECT, V1);

        assertThat(client.testCompatibility(SUBJECT, V2_OPTIONAL_FIELD)).isTrue();
        client.register(SUBJECT, V2_OPTIONAL_FIELD);

        assertThat(client.latest(SUBJECT).version()).isEqualTo(2);
    }

    @Test
    void anySchemaIsCompatibleWithTheLatestVersionOfAMissingSubject() {
        assertThat(client.testCompatibility("no-such-subject", V2_REQUIRED_FIELD)).isTrue();
    }

    @Test
    void compatibilityAgainstAnExplicitVersion() throws Exception {
        client.register(SUBJECT, V1);

        Response compatible = send("POST", "/compatibility/subjects/" + SUBJECT + "/versions/1",
                schemaBody(V2_OPTIONAL_FIELD.toString()));
        Response incompatible = send("POST",
                "/compatibility/subjects/" + SUBJECT + "/versions/1?verbose=true",
                schemaBody(V2_REQUIRED_FIELD.toString()));
        Response missingVersion = send("POST", "/compatibility/subjects/" + SUBJECT + "/versions/3",
                schemaBody(V1.toString()));

        assertThat(compatible.body().get("is_compatible").booleanValue()).isTrue();
        assertThat(incompatible.body().get("is_compatible").booleanValue()).isFalse();
        assertThat(incompatible.body().get("messages").toString()).contains("status");
        assertError(missingVersion, 404, 40402);
    }

    @Test
    void globalConfigDefaultsToBackwardAndCanBeChanged() throws Exception {
        assertThat(send("GET", "/config", null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"BACKWARD\"}"));

        Response put = send("PUT", "/config", "{\"compatibility\": \"FORWARD\"}");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body()).isEqualTo(json("{\"compatibility\": \"FORWARD\"}"));
        assertThat(send("GET", "/config", null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"FORWARD\"}"));
        // Under FORWARD the old schema reads data of the new one: a new required field is fine.
        client.register(SUBJECT, V1);
        client.register(SUBJECT, V2_REQUIRED_FIELD);
        assertThat(client.latest(SUBJECT).schema()).isEqualTo(V2_REQUIRED_FIELD);
    }

    @Test
    void subjectConfigOverridesTheGlobalOne() throws Exception {
        client.register(SUBJECT, V1);
        assertError(send("GET", "/config/" + SUBJECT, null), 404, 40408);
        assertThat(send("GET", "/config/" + SUBJECT + "?defaultToGlobal=true", null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"BACKWARD\"}"));

        Response put = send("PUT", "/config/" + SUBJECT, "{\"compatibility\": \"NONE\"}");

        assertThat(put.body()).isEqualTo(json("{\"compatibility\": \"NONE\"}"));
        assertThat(send("GET", "/config/" + SUBJECT, null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"NONE\"}"));
        assertThat(send("GET", "/config", null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"BACKWARD\"}"));
        client.register(SUBJECT, V2_REQUIRED_FIELD);
        assertThat(client.latest(SUBJECT).version()).isEqualTo(2);

        assertThat(send("DELETE", "/config/" + SUBJECT, null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"NONE\"}"));
        assertError(send("GET", "/config/" + SUBJECT, null), 404, 40408);
    }

    @Test
    void fullRejectsChangesThatOnlyOneDirectionCanRead() throws Exception {
        send("PUT", "/config/" + SUBJECT, "{\"compatibility\": \"FULL\"}");
        client.register(SUBJECT, V1);

        assertRegistryError(() -> client.register(SUBJECT, V2_REQUIRED_FIELD), 409, 409);
        client.register(SUBJECT, V2_OPTIONAL_FIELD);
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() throws Exception {
        Schema intField = parse("""
                {"type": "record", "name": "R", "fields": [{"name": "f", "type": "int"}]}""");
        Schema noField = parse("""
                {"type": "record", "name": "R", "fields": []}""");
        // Reads data of noField (default used) but not of intField (int is not a string).
        Schema stringField = parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "f", "type": "string", "default": ""}]}""");
        send("PUT", "/config/plain", "{\"compatibility\": \"BACKWARD\"}");
        send("PUT", "/config/transitive", "{\"compatibility\": \"backward_transitive\"}");
        for (String subject : List.of("plain", "transitive")) {
            client.register(subject, intField);
            client.register(subject, noField);
        }

        client.register("plain", stringField);
        assertRegistryError(() -> client.register("transitive", stringField), 409, 409);
    }

    @Test
    void rejectsAnInvalidCompatibilityLevelWith42203() throws Exception {
        assertError(send("PUT", "/config", "{\"compatibility\": \"SIDEWAYS\"}"), 422, 42203);
        assertError(send("PUT", "/config/" + SUBJECT, "{}"), 422, 42203);
        assertThat(send("GET", "/config", null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"BACKWARD\"}"));
    }

    @Test
    void rejectsInvalidSchemasWith42201() throws Exception {
        String path = "/subjects/" + SUBJECT + "/versions";

        assertError(send("POST", path, schemaBody("{\"type\": \"record\", \"name\": \"R\"}")),
                422, 42201);
        assertError(send("POST", path, schemaBody("{\"type\": \"no-such-type\"}")), 422, 42201);
        assertError(send("POST", path, schemaBody("\"NoSuchNamedType\"")), 422, 42201);
        assertError(send("POST", path, schemaBody("not json")), 422, 42201);
        assertError(send("POST", path, "{}"), 422, 42201);
        assertError(send("POST", path, "{\"schema\": \"\\\"string\\\"\", \"schemaType\": \"PROTOBUF\"}"),
                422, 42201);
        // A default that does not match its field's type.
        assertError(send("POST", path, schemaBody("{\"type\": \"record\", \"name\": \"R\", \"fields\":"
                + " [{\"name\": \"f\", \"type\": \"int\", \"default\": \"x\"}]}")), 422, 42201);
        assertError(send("POST", path, "{not json"), 400, 400);
        assertError(send("POST", "/compatibility/subjects/" + SUBJECT + "/versions/latest",
                schemaBody("{\"type\": \"record\"}")), 422, 42201);
        assertThat(send("GET", "/subjects", null).body()).isEmpty();
    }

    @Test
    void rejectsInvalidVersionsWith42202() throws Exception {
        client.register(SUBJECT, V1);

        assertError(send("GET", "/subjects/" + SUBJECT + "/versions/first", null), 422, 42202);
        assertError(send("GET", "/subjects/" + SUBJECT + "/versions/0", null), 422, 42202);
        assertThat(send("GET", "/subjects/" + SUBJECT + "/versions/-1", null).body()
                .get("version").intValue()).isEqualTo(1);
    }

    @Test
    void unknownRoutesAndMethodsAre404And405() throws Exception {
        assertError(send("GET", "/no/such/route", null), 404, 404);
        assertError(send("GET", "/subjects/" + SUBJECT + "/nothing", null), 404, 404);
        assertError(send("GET", "/schemas/ids/abc", null), 404, 404);
        assertError(send("PATCH", "/subjects", null), 405, 405);
        assertError(send("DELETE", "/config", null), 405, 405);
    }

    @Test
    void listsSubjectsAndLooksUpASchemaUnderASubject() throws Exception {
        int id = client.register("b-value", V1);
        client.register("a-value", OTHER);

        assertThat(send("GET", "/subjects", null).body()).isEqualTo(json("[\"a-value\", \"b-value\"]"));
        Response found = send("POST", "/subjects/b-value", schemaBody(V1.toString()));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("id").intValue()).isEqualTo(id);
        assertThat(found.body().get("version").intValue()).isEqualTo(1);
        assertThat(found.body().get("subject").textValue()).isEqualTo("b-value");
        assertError(send("POST", "/subjects/b-value", schemaBody(OTHER.toString())), 404, 40403);
        assertError(send("POST", "/subjects/c-value", schemaBody(V1.toString())), 404, 40401);
        assertThat(send("GET", "/subjects/b-value/versions/latest/schema", null).body())
                .isEqualTo(json(V1.toString()));
    }

    @Test
    void deletingASubjectReturnsItsVersionsAndKeepsIdsResolvable() throws Exception {
        int firstId = client.register(SUBJECT, V1);
        client.register(SUBJECT, V2_OPTIONAL_FIELD);

        Response deleted = send("DELETE", "/subjects/" + SUBJECT, null);

        assertThat(deleted.body()).isEqualTo(json("[1, 2]"));
        assertRegistryError(() -> client.latest(SUBJECT), 404, 40401);
        assertError(send("DELETE", "/subjects/" + SUBJECT, null), 404, 40401);
        assertThat(send("GET", "/subjects", null).body()).isEmpty();
        assertThat(send("GET", "/schemas/ids/" + firstId, null).body().get("schema").textValue())
                .isEqualTo(V1.toString());
        // Soft delete: the schema keeps its id, the version number is not reused.
        try (SchemaRegistryClient uncached = new SchemaRegistryClient(registry.url())) {
            assertThat(uncached.register(SUBJECT, V1)).isEqualTo(firstId);
        }
        assertThat(client.latest(SUBJECT).version()).isEqualTo(3);
    }

    @Test
    void encodesSubjectsInPaths() {
        String subject = "logs + alerts/2026 é-value";

        int id = client.register(subject, V1);

        assertThat(client.latest(subject)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
    }

    @Test
    void concurrentRegistrationsAgreeOnOneId() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> registrations = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String subject = "topic-" + (i % 4) + "-value";
                registrations.add(() -> {
                    try (SchemaRegistryClient own = new SchemaRegistryClient(registry.url())) {
                        return own.register(subject, V1);
                    }
                });
            }
            Set<Integer> ids = threads.invokeAll(registrations).stream()
                    .map(LocalSchemaRegistryTest::result).collect(Collectors.toSet());

            assertThat(ids).hasSize(1);
            for (int i = 0; i < 4; i++) {
                assertThat(client.allVersions("topic-" + i + "-value")).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closeStopsTheServerPromptly() {
        URI url = registry.url();

        assertTimeout(Duration.ofSeconds(1), registry::close);

        try (SchemaRegistryClient late = new SchemaRegistryClient(url, Duration.ofSeconds(2))) {
            // No answer at all: a transient infrastructure error, status -1.
            assertRegistryError(() -> late.schemaById(1), -1, -1);
        }
    }

    private static void assertRegistryError(Runnable call, int httpStatus, int errorCode) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).as("HTTP status of %s", e.getMessage()).isEqualTo(httpStatus);
            assertThat(e.errorCode()).as("error_code of %s", e.getMessage()).isEqualTo(errorCode);
        });
    }

    private static void assertError(Response response, int httpStatus, int errorCode) {
        assertThat(response.status()).as("HTTP status of %s", response.body()).isEqualTo(httpStatus);
        assertThat(response.body().get("error_code").intValue()).as("error_code of %s", response.body())
                .isEqualTo(errorCode);
        assertThat(response.body().get("message").textValue()).isNotBlank();
    }

    private Response send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .timeout(Duration.ofSeconds(5));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type"))
                .contains(SchemaRegistryClient.CONTENT_TYPE);
        return new Response(response.statusCode(), objectMapper.readTree(response.body()));
    }

    private String schemaBody(String schema) {
        return objectMapper.createObjectNode().put("schema", schema).toString();
    }

    private JsonNode json(String text) throws IOException {
        return objectMapper.readTree(text);
    }

    private static Integer result(Future<Integer> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("A registration failed", e);
        }
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private record Response(int status, JsonNode body) {
    }
}
