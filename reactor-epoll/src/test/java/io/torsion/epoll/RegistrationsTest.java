package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.torsion.epoll.nativeio.RegistrationTag;
import org.junit.jupiter.api.Test;

class RegistrationsTest {

    private final Registrations registrations = new Registrations();

    private EpollRegistration registration(int fd) {
        return new EpollRegistration(null, registrations, fd, events -> { });
    }

    @Test
    void eventForAClosedAndReusedFdIsStale() {
        EpollRegistration old = registration(5);
        long oldTag = registrations.add(old);
        registrations.remove(old);
        EpollRegistration reused = registration(5);
        long newTag = registrations.add(reused);

        assertEquals(RegistrationTag.fd(oldTag), RegistrationTag.fd(newTag));
        assertNotEquals(oldTag, newTag);
        assertNull(registrations.lookup(oldTag), "the old registration's event is dropped");
        assertSame(reused, registrations.lookup(newTag));
    }

    @Test
    void removeOfAReplacedRegistrationLeavesTheLiveOne() {
        EpollRegistration first = registration(9);
        registrations.add(first);
        EpollRegistration second = registration(9);
        long tag = registrations.add(second);

        registrations.remove(first);

        assertSame(second, registrations.lookup(tag));
        assertEquals(1, registrations.size());
    }

    @Test
    void tableGrowsForLargeFdNumbers() {
        EpollRegistration big = registration(100_000);
        long tag = registrations.add(big);

        assertSame(big, registrations.lookup(tag));
        assertNull(registrations.lookup(RegistrationTag.of(200_000, RegistrationTag.generation(tag))));
    }

}
