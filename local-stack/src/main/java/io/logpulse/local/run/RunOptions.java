package io.logpulse.local.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a local-stack run does.
 *
 * @param home repository root with the built service modules
 * @param inputs log files to replay; empty replays the built-in synthetic sample
 * @param serviceName service.name for every input, or null for each file's base name
 * @param speed replay time compression (greater than 0), or infinity for as fast as possible
 * @param exitWhenDrained stop once every line is accounted for and the last windows have closed
 * @param summaryFile where to write the summary JSON, or null
 * @param alertsOut where to write every alert as JSON lines, or null
 * @param kafkaPort broker client port on 127.0.0.1; 0 picks a free one
 * @param registryPort schema registry port on 127.0.0.1; 0 picks a free one
 * @param workDir directory for broker logs, checkpoints, service configs and logs; null for a
 *     temporary one deleted at exit
 * @param ingestSettings extra ingest-streams settings, overriding the stack's
 * @param analyticsSettings extra spark-analytics settings, overriding the stack's
 * @param drainTimeout longest wait for the pipeline to account for every line and close windows
 */
public record RunOptions(
    Path home,
    List<Path> inputs,
    String serviceName,
    double speed,
    boolean exitWhenDrained,
    Path summaryFile,
    Path alertsOut,
    int kafkaPort,
    int registryPort,
    Path workDir,
    Map<String, String> ingestSettings,
    Map<String, String> analyticsSettings,
    Duration drainTimeout) {}
