package io.logpulse.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and reads the shared access-log corpora (see {@code ../shared/data/README.md}).
 *
 * <p>Corpus paths are written relative to the repository root, as in {@code
 * ../shared/data/nginx-combined-ployt0/access.log}. The repository root is the system property
 * {@value #HOME_PROPERTY} (set by {@code ./bench}) or else the working directory. When the system
 * property {@value #SHARED_DIR_PROPERTY} is set, a path starting with {@code ../shared/} is taken
 * relative to that directory instead. Absolute paths are used as given.
 */
public final class Corpus {

  /** System property naming the shared directory that holds {@code data/}. */
  public static final String SHARED_DIR_PROPERTY = "logpulse.shared.dir";

  /** System property naming the repository root. */
  public static final String HOME_PROPERTY = "logpulse.home";

  /** Prefix of corpus paths that lie in the shared directory next to the repository. */
  public static final String SHARED_PREFIX = "../shared/";

  private Corpus() {}

  /**
   * Resolves a corpus path as described on the class.
   *
   * @param path absolute, or relative to the repository root; not null
   * @param sharedDirectory the value of {@value #SHARED_DIR_PROPERTY}, or null when unset
   * @param repositoryRoot the repository root; not null
   * @return the file's path (not checked for existence)
   */
  static Path resolve(String path, String sharedDirectory, Path repositoryRoot) {
    Path given = Path.of(path);
    if (given.isAbsolute()) {
      return given;
    }
    if (sharedDirectory != null && path.startsWith(SHARED_PREFIX)) {
      return Path.of(sharedDirectory).resolve(path.substring(SHARED_PREFIX.length())).normalize();
    }
    return repositoryRoot.resolve(given).normalize();
  }

  /**
   * Resolves a corpus path with the current system properties.
   *
   * @param path absolute, or relative to the repository root; not null
   * @return the file's path (not checked for existence)
   */
  public static Path resolve(String path) {
    return resolve(
        path,
        System.getProperty(SHARED_DIR_PROPERTY),
        Path.of(System.getProperty(HOME_PROPERTY, "")).toAbsolutePath());
  }

  /**
   * Reads the lines of a log file as the ingest service receives them: bytes split on {@code '\n'}
   * (a last line without a newline is kept, the empty string after a final newline is not),
   * decoded as UTF-8 with U+FFFD replacement. Line terminators are not part of the lines; a
   * {@code '\r'} before the {@code '\n'} is kept (the parser ignores trailing whitespace).
   *
   * @param file the log file
   * @return the lines, at least one
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the file is empty
   */
  public static String[] readLines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int index = 0; index < bytes.length; index++) {
      if (bytes[index] == '\n') {
        lines.add(new String(bytes, start, index - start, StandardCharsets.UTF_8));
        start = index + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("No lines in " + file);
    }
    return lines.toArray(new String[0]);
  }
}
