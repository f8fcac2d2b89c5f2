package io.torsion.epoll.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class RegistrationTagTest {

    @Test
    void fdAndGenerationRoundTripThroughTheTag() {
        for (int generation : new int[] {0, 1, 0x7FFF_FFFF, 0x8000_0000, -1}) {
            for (int fd : new int[] {0, 3, 65535, Integer.MAX_VALUE}) {
                long tag = RegistrationTag.of(fd, generation);
                assertEquals(fd, RegistrationTag.fd(tag));
                assertEquals(generation, RegistrationTag.generation(tag));
            }
        }
    }

    @Test
    void sameFdWithAnotherGenerationIsAnotherTag() {
        assertNotEquals(RegistrationTag.of(7, 1), RegistrationTag.of(7, 2));
        assertEquals(RegistrationTag.fd(RegistrationTag.of(7, 1)), RegistrationTag.fd(RegistrationTag.of(7, 2)));
    }
}
