package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Factory;
import io.torsion.api.testing.ManualClock;
import io.torsion.api.testing.StringTransport;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The apps' protocols against {@link StringTransport}: the flow-control rules, exactly, with no sockets. */
@Timeout(10)
class AppProtocolTest {

    @Test
    void echoStopsReadingWhileItsRepliesAreBackedUpAndResumesOnceDrained() {
        StringTransport client = connect(new EchoServer(false, false), 1);
        client.setWritesBlocked(true);
        client.receive(new byte[StringTransport.DEFAULT_HIGH_WATER_MARK + 1]);
        assertTrue(client.isPaused(), "reading paused above the high-water mark");
        client.receive("held\n");
        assertEquals(StringTransport.DEFAULT_HIGH_WATER_MARK + 1, client.queuedBytes(), "nothing read while paused");

        client.drain();
        assertFalse(client.isPaused(), "reading resumed once drained");
        assertTrue(client.valueString().endsWith("held\n"));
    }

    @Test
    void chatRoomDropsAMemberPastMaxQueueWithoutHoldingBackTheSender() {
        ChatRoomServer room = new ChatRoomServer(16384, 1000);
        StringTransport sender = connect(room, 1);
        StringTransport reader = connect(room, 2);
        StringTransport sleeper = connect(room, 3);
        sleeper.setWritesBlocked(true);

        for (int i = 0; i < 10 && !sleeper.isAborted(); i++) {
            sender.receive("x".repeat(200) + "\n");
        }
        assertTrue(sleeper.isAborted(), "dropped once more than 1000 bytes were unread");
        assertFalse(sender.isPaused(), "the sender is never held back");
        reader.clear();
        sleeper.loseConnectionNow();
        assertEquals("[127.0.0.1:3] left room\r\n", reader.valueString());

        sender.receive("still here\n");
        assertEquals("[127.0.0.1:3] left room\r\n<127.0.0.1:1> still here\r\n", reader.valueString());
    }

    @Test
    void chatNicknamesCountCharactersNotBytes() {
        StringTransport client = connect(new ChatServer(16384, new ManualClock()), 1);
        client.clear();
        client.receive("é".repeat(33) + "\n" + "é".repeat(32) + "\n");
        assertEquals("Invalid nickname, please choose another\r\nWelcome, " + "é".repeat(32) + "!\r\n",
                client.valueString());
    }

    @Test
    void chatGetmessageNamedForSomeoneElseIsAMessageToThem() {
        ChatServer chat = new ChatServer(16384, new ManualClock());
        StringTransport alice = connect(chat, 1);
        StringTransport bob = connect(chat, 2);
        alice.receive("alice\n");
        bob.receive("bob\n");
        alice.clear();
        bob.clear();
        alice.receive("bob:getmessage\n");
        bob.receive("getmessage\n");
        assertEquals("queued for bob\r\n", alice.valueString());
        assertEquals("alice:getmessage\r\n", bob.valueString());
    }

    /** A connection from 127.0.0.1:{@code port}, built by {@code factory} as a reactor would. */
    private static StringTransport connect(Factory factory, int port) {
        StringTransport transport = new StringTransport();
        transport.setPeer(new InetSocketAddress("127.0.0.1", port));
        return transport.attachBuiltBy(factory);
    }
}
