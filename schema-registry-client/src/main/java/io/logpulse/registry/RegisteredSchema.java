package io.logpulse.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject in the schema registry, as returned by
 * {@code GET /subjects/{subject}/versions/{version}} of the Confluent Schema Registry REST API.
 *
 * @param subject the subject name, not null (for values of topic {@code t}: {@code t-value})
 * @param id the global schema id, {@code >= 0}; the same schema has the same id in every subject
 * @param version the version of the schema within the subject, {@code >= 1}
 * @param schema the parsed Avro schema, not null
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code subject} or {@code schema} is null
     */
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
