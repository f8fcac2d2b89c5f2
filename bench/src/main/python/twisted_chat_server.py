"""A Twisted chat room, the bench's Twisted anchor for the fan-out scenarios.

Written the way the tutorials write a broadcast chat server: a LineReceiver per member, kept in a
set on the factory, and each line sent to every other member with sendLine. It speaks the bundled
chatroom app's protocol, so the same load client drives both: "welcome NAME, N in room" on joining,
"<NAME> line" relayed to every other member, "[NAME] entered room" and "[NAME] left room" notices;
a member's name is its HOST:PORT. Twisted's transport buffers what sendLine writes and sends it when
the socket is next writable, so a member gets what one loop turn produced in one send.

usage: python3 twisted_chat_server.py [--port 0]
Prints "twisted chatroom listening on 127.0.0.1:PORT (reactor NAME)" once listening.
"""
import argparse
import sys

from twisted.internet import reactor
from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver


class Member(LineReceiver):
    # LineReceiver's default delimiter, \r\n: the load client ends its lines that way.
    MAX_LENGTH = 16384

    def connectionMade(self):
        peer = self.transport.getPeer()
        self.name = "%s:%d" % (peer.host, peer.port)
        self.prefix = ("<%s> " % self.name).encode("utf-8")
        self.factory.members[self] = None
        self.sendLine(("welcome %s, %d in room" % (self.name, len(self.factory.members))).encode("utf-8"))
        self.factory.broadcast(self, ("[%s] entered room" % self.name).encode("utf-8"))

    def lineReceived(self, line):
        self.factory.broadcast(self, self.prefix + line)

    def connectionLost(self, reason):
        if self in self.factory.members:
            del self.factory.members[self]
            self.factory.broadcast(self, ("[%s] left room" % self.name).encode("utf-8"))


class Room(Factory):
    protocol = Member

    def __init__(self):
        self.members = {}  # a dict keeps the join order, as the torsion app's set does

    def broadcast(self, sender, line):
        for member in self.members:
            if member is not sender:
                member.sendLine(line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    port = reactor.listenTCP(args.port, Room(), backlog=4096, interface="127.0.0.1")
    print("twisted chatroom listening on 127.0.0.1:%d (reactor %s)" % (port.getHost().port, type(reactor).__name__))
    sys.stdout.flush()
    reactor.run()


if __name__ == "__main__":
    main()
