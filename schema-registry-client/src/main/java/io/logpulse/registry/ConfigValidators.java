package io.logpulse.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@link ConfigDef} validators for the endpoint settings both services share. Each throws {@link
 * ConfigException} naming the key and the bad value.
 */
public final class ConfigValidators {

  private ConfigValidators() {}

  /** For {@code bootstrap.servers}: a list with at least one {@code host:port}. */
  public static ConfigDef.Validator nonEmptyList() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(name, value, "at least one host:port is required");
          }
        },
        () -> "non-empty list of host:port");
  }

  /** For {@code schema.registry.url}: an absolute http or https URL. */
  public static ConfigDef.Validator httpUrl() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          URI uri;
          try {
            uri = new URI(String.valueOf(value));
          } catch (URISyntaxException e) {
            throw new ConfigException(name, value, "not a URI: " + e.getMessage());
          }
          if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new ConfigException(name, value, "must be an absolute http(s) URL");
          }
        },
        () -> "absolute http(s) URL");
  }
}
