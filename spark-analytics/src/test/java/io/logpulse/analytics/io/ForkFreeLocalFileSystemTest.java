package io.logpulse.analytics.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files created through {@link ForkFreeLocalFileSystem} get Hadoop's permissions, and no process is
 * forked for them; Hadoop's own local file system, on the same machine, forks {@code chmod} (JFR
 * {@code jdk.ProcessStart} events count the forks).
 */
class ForkFreeLocalFileSystemTest {

  @TempDir java.nio.file.Path directory;

  @Test
  void createsFilesWithHadoopsPermissionsWithoutForking() throws IOException {
    assumeFalse(NativeIO.isAvailable(), "with libhadoop, Hadoop itself does not fork");
    Configuration conf = new Configuration(false);
    conf.set(ForkFreeLocalFileSystem.IMPLEMENTATION_KEY, ForkFreeLocalFileSystem.class.getName());
    conf.set("fs.permissions.umask-mode", "027");
    conf.setBoolean("fs.file.impl.disable.cache", true);
    try (FileSystem fileSystem = FileSystem.get(URI.create("file:///"), conf)) {
      assertThat(fileSystem).isInstanceOf(ForkFreeLocalFileSystem.class);

      List<String> forked =
          forkedCommands(
              () -> {
                write(fileSystem, new Path(directory.resolve("default").toUri()), null);
                write(
                    fileSystem,
                    new Path(directory.resolve("explicit").toUri()),
                    new FsPermission((short) 0600));
              });

      assertThat(forked).isEmpty();
      // 0666 and 0777 less the umask 027; the checksum file gets the same mode
      assertThat(posix("default")).isEqualTo("rw-r-----");
      assertThat(posix(".default.crc")).isEqualTo("rw-r-----");
      assertThat(posix("explicit")).isEqualTo("rw-------");
      fileSystem.setPermission(
          new Path(directory.resolve("explicit").toUri()), new FsPermission((short) 0754));
      assertThat(posix("explicit")).isEqualTo("rwxr-xr--");
    }
  }

  @Test
  void hadoopsOwnLocalFileSystemForksChmodHere() throws IOException {
    assumeFalse(NativeIO.isAvailable(), "with libhadoop, Hadoop itself does not fork");
    Configuration conf = new Configuration(false);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    try (FileSystem fileSystem = FileSystem.get(URI.create("file:///"), conf)) {
      List<String> forked =
          forkedCommands(() -> write(fileSystem, new Path(directory.resolve("file").toUri()), null));

      // the file and its .crc twin
      assertThat(forked).hasSize(2).allSatisfy(command -> assertThat(command).startsWith("chmod"));
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void write(FileSystem fileSystem, Path path, FsPermission permission)
      throws IOException {
    try (FSDataOutputStream out =
        permission == null
            ? fileSystem.create(path, true)
            : fileSystem.create(path, permission, true, 4096, (short) 1, 1 << 20, null)) {
      out.writeUTF("state");
    }
  }

  /** The commands of the processes this JVM started while {@code action} ran. */
  private List<String> forkedCommands(IoAction action) throws IOException {
    java.nio.file.Path dump = directory.resolve("forks.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart");
      recording.start();
      action.run();
      recording.stop();
      recording.dump(dump);
    }
    List<String> commands = new ArrayList<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(dump)) {
      commands.add(event.getString("command"));
    }
    Files.delete(dump);
    return commands;
  }

  private String posix(String file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file)));
  }
}
