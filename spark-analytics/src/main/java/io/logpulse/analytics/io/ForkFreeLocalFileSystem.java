package io.logpulse.analytics.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:} paths, {@code .crc} checksum files included) that sets
 * file permissions with {@code java.nio} instead of forking {@code chmod}.
 *
 * <p>Without Hadoop's native library (libhadoop, which Spark's distributions and Maven artifacts do
 * not ship), {@link RawLocalFileSystem#setPermission} runs {@code chmod} in a child process, and
 * Hadoop 3.3 calls it for every file it creates: a checkpoint or state-store file and its {@code
 * .crc} twin are two forks. A detection micro-batch writes a delta file per state store and
 * partition, plus offset and commit logs, so a batch forked about eight processes (JFR {@code
 * jdk.ProcessStart}: 432 in 50 s of {@code logpulse bench-spark}). Set {@code
 * spark.hadoop.fs.file.impl} to this class to avoid them; the local stack does.
 *
 * <p>The permissions set are the same: user, group and other bits through {@link
 * Files#setPosixFilePermissions}. Hadoop's own code is used when libhadoop is loaded, for a sticky
 * bit (which {@code java.nio} cannot set), and on a file system without POSIX permissions.
 */
public class ForkFreeLocalFileSystem extends LocalFileSystem {

  /** The Hadoop configuration key that selects the implementation of {@code file:} paths. */
  public static final String IMPLEMENTATION_KEY = "fs.file.impl";

  public ForkFreeLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-free) file system underneath, with {@link #setPermission} replaced. */
  static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(path, permission);
        return;
      }
      String symbolic =
          permission.getUserAction().SYMBOL
              + permission.getGroupAction().SYMBOL
              + permission.getOtherAction().SYMBOL;
      try {
        Files.setPosixFilePermissions(
            pathToFile(path).toPath(), PosixFilePermissions.fromString(symbolic));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(path, permission);
      }
    }
  }
}
