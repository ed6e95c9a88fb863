package io.logpulse.analytics.stateful;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The bytes a state object is kept as in Spark's state store: 4 ASCII magic bytes naming the kind
 * of state, a format version byte, then the state written by Spark's {@link KryoSerializer} (with
 * the job's Kryo settings).
 *
 * <p>Kryo's default field serializer writes a class's fields in order with no tags, so state written
 * by another version of the class or its parts would be read as garbage. The version is raised with
 * every change to those classes; state of any other version, or without the prefix, is dropped
 * with a warning, and a new empty state takes its place: baselines relearn, open incidents are
 * forgotten. Dropping is the designed upgrade path.
 *
 * @param <T> the state class
 */
public abstract class VersionedStateCodec<T> implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(VersionedStateCodec.class);

  private final byte[] magic;
  private final byte version;
  private final ClassTag<T> stateClass;

  /**
   * The Kryo serializer of the current Spark environment, shared by every codec of the JVM. A codec
   * arrives with each task's deserialized function, so a serializer of its own would build a new
   * Kryo (Spark registers a few hundred classes in each) for every task of every micro-batch.
   */
  private static volatile SharedSerializer shared;

  private transient boolean warned;

  /**
   * @param magic 4 ASCII characters naming the kind of state
   * @param version the format version of {@code stateClass} and everything it holds
   */
  protected VersionedStateCodec(Class<T> stateClass, String magic, byte version) {
    if (magic.length() != 4) {
      throw new IllegalArgumentException("magic must be 4 characters: " + magic);
    }
    this.magic = magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    this.version = version;
    this.stateClass = ClassTag$.MODULE$.apply(stateClass);
  }

  /** @return the state that replaces one of another format version */
  protected abstract T empty();

  /** @return the state's bytes: prefix, version, Kryo */
  public byte[] encode(T state) {
    ByteBuffer body = serializer().serialize(state, stateClass);
    byte[] bytes = new byte[magic.length + 1 + body.remaining()];
    System.arraycopy(magic, 0, bytes, 0, magic.length);
    bytes[magic.length] = version;
    body.get(bytes, magic.length + 1, body.remaining());
    return bytes;
  }

  /**
   * @param key the state's key, for the warning
   * @return the state, or {@link #empty()} when the bytes are of another format version
   */
  public T decode(String key, byte[] bytes) {
    boolean current =
        bytes.length > magic.length
            && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)
            && bytes[magic.length] == version;
    if (!current) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "{} state of {} (and maybe other keys) was written by another version of logpulse"
                + " (state format version {} expected); it is dropped and starts afresh",
            stateClass.runtimeClass().getSimpleName(), key, version);
      }
      return empty();
    }
    return serializer()
        .deserialize(
            ByteBuffer.wrap(bytes, magic.length + 1, bytes.length - magic.length - 1), stateClass);
  }

  private static SerializerInstance serializer() {
    SparkEnv env = SparkEnv.get();
    SharedSerializer current = shared;
    if (current == null || current.env != env) {
      synchronized (VersionedStateCodec.class) {
        current = shared;
        if (current == null || current.env != env) {
          current = new SharedSerializer(env);
          shared = current;
        }
      }
    }
    return current.instances.get();
  }

  /** One {@link KryoSerializer} per Spark environment; its Kryo instances are pooled. */
  private static final class SharedSerializer {

    final SparkEnv env;
    /** Serializer instances are not thread-safe, and tasks of one executor run on several threads. */
    final ThreadLocal<SerializerInstance> instances;

    SharedSerializer(SparkEnv env) {
      this.env = env;
      KryoSerializer kryo = new KryoSerializer(env != null ? env.conf() : new SparkConf(false));
      this.instances = ThreadLocal.withInitial(kryo::newInstance);
    }
  }
}
