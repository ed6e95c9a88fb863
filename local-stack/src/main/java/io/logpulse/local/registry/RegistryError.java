package io.logpulse.local.registry;

/**
 * An error answer of the local registry: HTTP status, Confluent {@code error_code} and message,
 * sent as {@code {"error_code": n, "message": "..."}}. Codes follow the Confluent Schema Registry
 * API reference ("Errors").
 */
final class RegistryError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    private RegistryError(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryError routeNotFound() {
        return new RegistryError(404, 404, "HTTP 404 Not Found");
    }

    static RegistryError methodNotAllowed() {
        return new RegistryError(405, 405, "HTTP 405 Method Not Allowed");
    }

    static RegistryError malformedRequest(String detail) {
        return new RegistryError(400, 400, "Malformed request body: " + detail);
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, int version) {
        return new RegistryError(404, 40402,
                "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String detail) {
        return new RegistryError(404, 40403, "Schema not found: " + detail);
    }

    static RegistryError subjectCompatibilityNotConfigured(String subject) {
        return new RegistryError(404, 40408, "Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    static RegistryError incompatibleSchema(String subject, String details) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an"
                + " earlier schema for subject \"" + subject + "\", details: " + details);
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the"
                + " string \"latest\"");
    }

    static RegistryError invalidCompatibilityLevel(String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level
                + "'. Valid values are none, backward, forward, full, backward_transitive,"
                + " forward_transitive, and full_transitive");
    }
}
