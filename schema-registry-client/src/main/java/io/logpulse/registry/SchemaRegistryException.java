package io.logpulse.registry;

/**
 * A failed call to a schema registry speaking the Confluent Schema Registry REST API.
 *
 * <p>Two kinds of failure share this type:
 *
 * <ul>
 *   <li>the registry answered with an error: {@link #httpStatus()} is its HTTP status (4xx, 5xx)
 *       and {@link #errorCode()} the {@code error_code} of its JSON error body
 *       {@code {"error_code": n, "message": "..."}} (for example 40401 subject not found, 40403
 *       schema not found, 409 incompatible schema, 42201 invalid schema), or -1 if the body was
 *       not such an object; see the Confluent Schema Registry API reference, "Errors";
 *   <li>the registry could not be reached or did not answer in time (I/O error, timeout,
 *       interruption): {@link #httpStatus()} and {@link #errorCode()} are both -1 and the cause is
 *       set. These are transient infrastructure errors: callers retry or rethrow them, they never
 *       treat them as bad data.
 * </ul>
 *
 * <p>A 2xx answer whose body cannot be understood is reported with its HTTP status and error code
 * -1.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Value of {@link #httpStatus()} and {@link #errorCode()} when there is no such value. */
    public static final int NONE = -1;

    private final int httpStatus;
    private final int errorCode;

    /**
     * Creates an exception for an answer of the registry.
     *
     * @param message human-readable description, including the request method and URI
     * @param httpStatus HTTP status of the answer, or {@link #NONE} if there was no answer
     * @param errorCode Confluent {@code error_code} of the answer, or {@link #NONE}
     * @param cause underlying failure, or null
     */
    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /**
     * HTTP status of the registry's answer.
     *
     * @return the status (for example 404, 409, 422, 500), or -1 if no answer was received
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Confluent error code from the JSON error body.
     *
     * @return the {@code error_code} (for example 40401, 40402, 40403, 409, 42201, 42203), or -1
     *     if no answer was received or its body carried no error code
     */
    public int errorCode() {
        return errorCode;
    }
}
