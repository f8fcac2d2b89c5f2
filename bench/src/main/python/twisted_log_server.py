"""The tutorial's Twisted logging server, the bench's anchor for the log scenario.

Written the way the tutorial writes it: a LineReceiver whose lineReceived appends
"HOST:PORT === line" to a file opened in startFactory, then writes and flushes per line. It answers
each line with "OK", as torsion's log server does, so the load client can wait for every line.

usage: python3 twisted_log_server.py --file PATH [--port 0]
Prints "twisted log listening on 127.0.0.1:PORT (reactor NAME)" once listening.
"""
import argparse
import sys

from twisted.internet import reactor
from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver


class LogLine(LineReceiver):
    # LineReceiver's default delimiter, \r\n: the load client ends its lines that way.

    def lineReceived(self, line):
        peer = self.transport.getPeer()
        text = line.decode("utf-8", "replace")
        self.factory.out.write("%s:%d === %s\n" % (peer.host, peer.port, text))
        self.factory.out.flush()
        self.sendLine(b"OK")


class LogFactory(Factory):
    protocol = LogLine

    def __init__(self, path):
        self.path = path
        self.out = None

    def startFactory(self):
        self.out = open(self.path, "a", encoding="utf-8")

    def stopFactory(self):
        self.out.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    port = reactor.listenTCP(args.port, LogFactory(args.file), interface="127.0.0.1")
    print("twisted log listening on 127.0.0.1:%d (reactor %s)" % (port.getHost().port, type(reactor).__name__))
    sys.stdout.flush()
    reactor.run()


if __name__ == "__main__":
    main()
