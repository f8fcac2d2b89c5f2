package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1:80",
        "::1, [::1]:80",
        "::, [::]:80",
        "1::, [1::]:80",
        "2001:db8:0:0:1:0:0:1, [2001:db8::1:0:0:1]:80",
        "1:0:2:0:3:0:4:0, [1:0:2:0:3:0:4:0]:80",
        "fe80:0:0:0:0:0:0:1%1, [fe80::1%1]:80",
    })
    void addressesAreWrittenAsPythonAndTwistedWriteThem(String literal, String expected) throws Exception {
        assertEquals(expected, HostPort.of(new InetSocketAddress(InetAddress.getByName(literal), 80)));
    }
}
