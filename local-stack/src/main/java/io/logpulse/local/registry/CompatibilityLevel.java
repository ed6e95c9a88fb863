package io.logpulse.local.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Compatibility levels of the Confluent Schema Registry ("Schema Evolution and Compatibility",
 * Confluent documentation), checked with Avro's {@link SchemaCompatibility} (Avro specification,
 * "Schema Resolution").
 *
 * <ul>
 *   <li>BACKWARD: the new schema, as reader, can read data written with the previous one;
 *   <li>FORWARD: the previous schema, as reader, can read data written with the new one;
 *   <li>FULL: both;
 *   <li>the {@code _TRANSITIVE} variants check against every earlier version, the others against
 *       the latest only;
 *   <li>NONE: no check.
 * </ul>
 */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /**
     * Parses a level name as sent in {@code PUT /config} bodies, ignoring case.
     *
     * @param name the name, may be null
     * @return the level, or empty if {@code name} is null or names no level
     */
    static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (CompatibilityLevel level : values()) {
            if (level.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a candidate schema against the versions a subject already holds.
     *
     * @param candidate the schema about to be registered
     * @param previous the subject's schemas, oldest first; may be empty
     * @return one human-readable message per incompatibility found; empty if compatible
     */
    List<String> incompatibilities(Schema candidate, List<Schema> previous) {
        List<String> messages = new ArrayList<>();
        if (previous.isEmpty() || this == NONE) {
            return messages;
        }
        List<Schema> checked = transitive ? previous : List.of(previous.get(previous.size() - 1));
        for (Schema earlier : checked) {
            if (newReadsOld) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier)
                        .getResult(), "new schema cannot read data written with an earlier one",
                        messages);
            }
            if (oldReadsNew) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier, candidate)
                        .getResult(), "an earlier schema cannot read data written with the new one",
                        messages);
            }
        }
        return messages;
    }

    private static void describe(SchemaCompatibilityResult result, String direction,
            List<String> messages) {
        if (result.getCompatibility() != SchemaCompatibilityType.INCOMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            messages.add("{direction: '" + direction + "', type: " + incompatibility.getType()
                    + ", location: " + incompatibility.getLocation()
                    + ", message: " + incompatibility.getMessage() + "}");
        }
    }
}
