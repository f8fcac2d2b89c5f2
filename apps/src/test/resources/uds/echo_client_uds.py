"""The Unix-domain echo client of the classic Python socket tutorial, as its readers run it.

Connects to ./uds_socket in the current directory, sends one message, then reads the echo back in
16-byte reads until as many bytes as it sent have come, printing each read. Stops early, with exit
code 1, if the server closes first.
"""
import socket
import sys

SERVER_ADDRESS = './uds_socket'
MESSAGE = b'This is the message.  It will be repeated.'

sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
print('connecting to {}'.format(SERVER_ADDRESS))
sock.connect(SERVER_ADDRESS)
try:
    print('sending {!r}'.format(MESSAGE))
    sock.sendall(MESSAGE)
    received = 0
    while received < len(MESSAGE):
        data = sock.recv(16)
        if not data:
            print('server closed early')
            sys.exit(1)
        received += len(data)
        print('received {!r}'.format(data))
finally:
    print('closing socket')
    sock.close()
