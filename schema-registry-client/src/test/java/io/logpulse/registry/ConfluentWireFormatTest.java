package io.logpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfluentWireFormatTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 65_536, Integer.MAX_VALUE})
    void roundTripsSchemaIdAndBody(int schemaId) {
        byte[] body = {10, 20, 30, -1};

        byte[] message = ConfluentWireFormat.encode(schemaId, body);

        assertThat(message).hasSize(ConfluentWireFormat.HEADER_LENGTH + body.length);
        assertThat(message[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
        assertThat(ConfluentWireFormat.schemaId(message)).isEqualTo(schemaId);
        ByteBuffer decodedBody = ConfluentWireFormat.body(message);
        assertThat(decodedBody.position()).isZero();
        assertThat(decodedBody.remaining()).isEqualTo(body.length);
        byte[] copy = new byte[decodedBody.remaining()];
        decodedBody.get(copy);
        assertThat(copy).containsExactly(body);
    }

    @Test
    void writesTheIdBigEndian() {
        byte[] message = ConfluentWireFormat.encode(0x01020304, new byte[0]);

        assertThat(message).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void acceptsAnEmptyBody() {
        byte[] message = ConfluentWireFormat.encode(7, new byte[0]);

        assertThat(ConfluentWireFormat.schemaId(message)).isEqualTo(7);
        assertThat(ConfluentWireFormat.body(message).remaining()).isZero();
    }

    @Test
    void bodySharesTheMessageArrayWithoutCopying() {
        byte[] message = ConfluentWireFormat.encode(7, new byte[] {42});

        ByteBuffer body = ConfluentWireFormat.body(message);

        assertThat(body.hasArray()).isTrue();
        assertThat(body.array()).isSameAs(message);
        assertThat(body.arrayOffset()).isEqualTo(ConfluentWireFormat.HEADER_LENGTH);
    }

    @Test
    void rejectsAWrongMagicByte() {
        byte[] message = {1, 0, 0, 0, 7, 42};

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConfluentWireFormat.schemaId(message))
                .withMessageContaining("magic byte is 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConfluentWireFormat.body(message))
                .withMessageContaining("magic byte is 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void rejectsInputShorterThanTheHeader(int length) {
        byte[] message = new byte[length];

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConfluentWireFormat.schemaId(message))
                .withMessageContaining(length + " bytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConfluentWireFormat.body(message))
                .withMessageContaining(length + " bytes");
    }

    @Test
    void rejectsNullInput() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConfluentWireFormat.schemaId(null))
                .withMessageContaining("null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConfluentWireFormat.body(null))
                .withMessageContaining("null");
    }

    @Test
    void encodeRejectsNegativeIdsAndNullBodies() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ConfluentWireFormat.encode(-1, new byte[0]));
        assertThatNullPointerException()
                .isThrownBy(() -> ConfluentWireFormat.encode(1, null));
    }
}
