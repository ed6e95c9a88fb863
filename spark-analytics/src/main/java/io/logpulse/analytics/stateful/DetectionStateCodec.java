package io.logpulse.analytics.stateful;

import io.logpulse.analytics.detect.DetectionState;
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
 * The bytes a {@link DetectionState} is kept as in Spark's state store: the 4 ASCII bytes {@code
 * LPDS}, a format version byte ({@value #VERSION}), then the state written by Spark's {@link
 * KryoSerializer} (with the job's Kryo settings).
 *
 * <p>Kryo's default field serializer writes a class's fields in order with no tags, so state written
 * by another version of {@link DetectionState} or its parts would be read as garbage. {@link
 * #VERSION} is raised with every change to those classes; state of any other version, or without
 * the prefix (written before it existed), is dropped with a warning, and the entity starts afresh:
 * baselines relearn, open incidents are forgotten. Dropping is the designed upgrade path.
 */
public final class DetectionStateCodec implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Format version: 2 added the clients' request history. */
  static final byte VERSION = 2;

  private static final byte[] MAGIC = {'L', 'P', 'D', 'S'};
  private static final ClassTag<DetectionState> STATE_CLASS =
      ClassTag$.MODULE$.apply(DetectionState.class);
  private static final Logger LOG = LoggerFactory.getLogger(DetectionStateCodec.class);

  /** Kryo instances are not thread-safe, and tasks of one executor run on several threads. */
  private transient ThreadLocal<SerializerInstance> serializers;

  private transient boolean warned;

  /** @return the state's bytes: prefix, version, Kryo */
  public byte[] encode(DetectionState state) {
    ByteBuffer body = serializer().serialize(state, STATE_CLASS);
    byte[] bytes = new byte[MAGIC.length + 1 + body.remaining()];
    System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
    bytes[MAGIC.length] = VERSION;
    body.get(bytes, MAGIC.length + 1, body.remaining());
    return bytes;
  }

  /**
   * @param key the entity, for the warning
   * @return the state, or a new empty state when the bytes are of another format version
   */
  public DetectionState decode(String key, byte[] bytes) {
    boolean current =
        bytes.length > MAGIC.length
            && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
            && bytes[MAGIC.length] == VERSION;
    if (!current) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "detection state of {} (and maybe other entities) was written by another version of"
                + " logpulse (state format version {} expected); it is dropped and the entity"
                + " starts afresh",
            key, VERSION);
      }
      return new DetectionState();
    }
    return serializer()
        .deserialize(
            ByteBuffer.wrap(bytes, MAGIC.length + 1, bytes.length - MAGIC.length - 1), STATE_CLASS);
  }

  private synchronized SerializerInstance serializer() {
    if (serializers == null) {
      SparkEnv env = SparkEnv.get();
      KryoSerializer kryo = new KryoSerializer(env != null ? env.conf() : new SparkConf(false));
      serializers = ThreadLocal.withInitial(kryo::newInstance);
    }
    return serializers.get();
  }
}
