package io.logpulse.local.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The in-memory state of the local registry and its rules, as the Confluent Schema Registry
 * applies them:
 *
 * <ul>
 *   <li>schema ids are global: the same schema (same canonical text, {@link Schema#toString()} of
 *       the parsed schema, as Confluent's {@code AvroSchema.canonicalString()}) has one id in every
 *       subject; ids start at 1 and are never reused;
 *   <li>registering a schema a subject already holds returns its id without a new version;
 *   <li>versions start at 1 per subject; deleting a subject is a soft delete: its ids stay
 *       resolvable and its version numbers are not reused.
 * </ul>
 *
 * <p>Thread-safe: every method holds the store's monitor.
 */
final class SchemaStore {

    /** Version reference meaning "the latest version" ({@code latest} or {@code -1} in URLs). */
    static final int LATEST = -1;

    /** A schema with its global id and canonical text. */
    record StoredSchema(int id, Schema schema, String canonical) {
    }

    /** One version of a subject. */
    record SubjectVersion(String subject, int version, StoredSchema schema) {
    }

    private static final class Subject {
        private final List<SubjectVersion> versions = new ArrayList<>();
        private int lastVersion;
    }

    private final Map<String, StoredSchema> schemasByCanonical = new HashMap<>();
    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<String, Subject> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int lastId;

    /**
     * Registers a schema under a subject, or returns the id it already has there.
     *
     * @return the global id
     * @throws RegistryError 409 if the schema breaks the subject's compatibility level
     */
    synchronized int register(String subject, Schema schema) {
        String canonical = schema.toString();
        Subject state = subjects.computeIfAbsent(subject, name -> new Subject());
        for (SubjectVersion version : state.versions) {
            if (version.schema().canonical().equals(canonical)) {
                return version.schema().id();
            }
        }
        List<String> problems = effectiveLevel(subject).incompatibilities(schema, schemas(state));
        if (!problems.isEmpty()) {
            throw RegistryError.incompatibleSchema(subject, problems.toString());
        }
        StoredSchema stored = schemasByCanonical.computeIfAbsent(canonical, text -> {
            StoredSchema created = new StoredSchema(++lastId, schema, text);
            schemasById.put(created.id(), created);
            return created;
        });
        state.lastVersion++;
        state.versions.add(new SubjectVersion(subject, state.lastVersion, stored));
        return stored.id();
    }

    /**
     * Finds the version of a subject holding a schema.
     *
     * @throws RegistryError 40401 if the subject does not exist, 40403 if it does not hold the
     *     schema
     */
    synchronized SubjectVersion lookup(String subject, Schema schema) {
        String canonical = schema.toString();
        for (SubjectVersion version : liveSubject(subject).versions) {
            if (version.schema().canonical().equals(canonical)) {
                return version;
            }
        }
        throw RegistryError.schemaNotFound("subject '" + subject + "' holds no such schema");
    }

    /** Names of the subjects with at least one version, sorted. */
    synchronized List<String> subjects() {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, state) -> {
            if (!state.versions.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * Version numbers of a subject, ascending.
     *
     * @throws RegistryError 40401 if the subject does not exist
     */
    synchronized List<Integer> versions(String subject) {
        return liveSubject(subject).versions.stream().map(SubjectVersion::version).toList();
    }

    /**
     * One version of a subject.
     *
     * @param version a version number, or {@link #LATEST}
     * @throws RegistryError 40401 if the subject does not exist, 40402 if the version does not
     */
    synchronized SubjectVersion version(String subject, int version) {
        List<SubjectVersion> versions = liveSubject(subject).versions;
        if (version == LATEST) {
            return versions.get(versions.size() - 1);
        }
        for (SubjectVersion candidate : versions) {
            if (candidate.version() == version) {
                return candidate;
            }
        }
        throw RegistryError.versionNotFound(subject, version);
    }

    /**
     * The schema with a global id.
     *
     * @throws RegistryError 40403 if no schema has that id
     */
    synchronized StoredSchema schemaById(int id) {
        StoredSchema schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound("no schema with id " + id);
        }
        return schema;
    }

    /**
     * Checks a candidate against one version of a subject under the subject's level. Against
     * {@link #LATEST} of a subject that does not exist, everything is compatible (as Confluent).
     *
     * @return the incompatibilities; empty if compatible
     * @throws RegistryError 40401 if a numbered version is asked of a missing subject, 40402 if
     *     the version does not exist
     */
    synchronized List<String> incompatibilities(String subject, int version, Schema candidate) {
        Subject state = subjects.get(subject);
        if (version == LATEST && (state == null || state.versions.isEmpty())) {
            return List.of();
        }
        Schema earlier = version(subject, version).schema().schema();
        return effectiveLevel(subject).incompatibilities(candidate, List.of(earlier));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized void globalLevel(CompatibilityLevel level) {
        globalLevel = level;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized void subjectLevel(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    /**
     * Removes a subject's own level, so that the global one applies again.
     *
     * @return the removed level
     * @throws RegistryError 40408 if the subject has no level of its own
     */
    synchronized CompatibilityLevel deleteSubjectLevel(String subject) {
        CompatibilityLevel removed = subjectLevels.remove(subject);
        if (removed == null) {
            throw RegistryError.subjectCompatibilityNotConfigured(subject);
        }
        return removed;
    }

    /**
     * Soft-deletes every version of a subject. Their ids stay resolvable by id.
     *
     * @return the deleted version numbers, ascending
     * @throws RegistryError 40401 if the subject does not exist
     */
    synchronized List<Integer> deleteSubject(String subject) {
        Subject state = liveSubject(subject);
        List<Integer> deleted = state.versions.stream().map(SubjectVersion::version).toList();
        state.versions.clear();
        return deleted;
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private Subject liveSubject(String subject) {
        Subject state = subjects.get(subject);
        if (state == null || state.versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return state;
    }

    private static List<Schema> schemas(Subject state) {
        return state.versions.stream().map(version -> version.schema().schema()).toList();
    }
}
