package io.logpulse.ingest.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/** Reads the Java properties files that configure the ingest service and {@code logpulse parse}. */
public final class ConfigFiles {

  private ConfigFiles() {}

  /**
   * Reads a properties file ({@link Properties#load(InputStream)} syntax).
   *
   * @param path the file
   * @return its settings by key, as strings
   * @throws ConfigException naming the file when it cannot be read
   */
  public static Map<String, String> read(Path path) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(in);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
    return settings;
  }
}
