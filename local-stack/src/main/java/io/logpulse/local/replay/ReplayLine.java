package io.logpulse.local.replay;

/**
 * One log line to replay.
 *
 * @param bytes the line exactly as read, without its line terminator (may be invalid UTF-8)
 * @param eventTimeMillis the line's event time, UTC epoch milliseconds; for a line whose time cannot
 *     be read, the time of the line before it in the same input (or of the first timed line)
 * @param serviceName the {@code service.name} to send with the line
 */
public record ReplayLine(byte[] bytes, long eventTimeMillis, String serviceName) {}
