package com.example.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.StringTransport;
import org.junit.jupiter.api.Test;

/** The protocol on a StringTransport: no socket, no reactor, no waiting. */
class KvProtocolTest {

    private final KvFactory factory = new KvFactory(64);
    private final StringTransport client = new StringTransport().attachBuiltBy(factory);

    private String say(String line) {
        client.clear();
        client.receive(line + "\r\n");
        return client.valueString();
    }

    @Test
    void setThenGetThenDelete() {
        assertEquals("OK\r\n", say("SET colour deep blue"));
        assertEquals("VALUE deep blue\r\n", say("GET colour"));
        assertEquals("DELETED\r\n", say("DEL colour"));
        assertEquals("NOT_FOUND\r\n", say("GET colour"));
        assertEquals("NOT_FOUND\r\n", say("DEL colour"));
    }

    @Test
    void connectionsShareTheFactorysStore() {
        say("SET k v");
        StringTransport other = new StringTransport().attachBuiltBy(factory);
        other.receive("get k\n");
        assertEquals("VALUE v\r\n", other.valueString());
    }

    @Test
    void badCommandsGetAnErrorAndTheConnectionStays() {
        assertEquals("ERROR unknown command: PUT\r\n", say("PUT k v"));
        assertEquals("ERROR usage: SET key value\r\n", say("SET k"));
        assertEquals("ERROR usage: GET key\r\n", say("GET"));
        assertFalse(client.isDisconnecting());
    }

    @Test
    void quitSaysByeAndCloses() {
        assertEquals("BYE\r\n", say("QUIT"));
        assertTrue(client.isDisconnecting());
    }

    @Test
    void aLineLongerThanTheLimitDropsTheConnection() {
        client.receive("SET k " + "x".repeat(100) + "\n");
        assertTrue(client.isDisconnecting() || client.isAborted(), "the connection is dropped");
    }
}
