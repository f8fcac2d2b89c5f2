# The tutorial's threading file server: a thread per connection reads a struct '36sl' header,
# then the body in 1,024-byte receives, for file after file, storing each in DIR.
# Usage: python3 file_server.py DIR   (listens on 127.0.0.1, a free port, printed as "port N";
# serves one connection, then exits)
import os
import socket
import struct
import sys
import threading

directory = sys.argv[1]


def recv_exactly(conn, size):
    buf = b''
    while len(buf) < size:
        data = conn.recv(size - len(buf))
        if not data:
            return buf
        buf += data
    return buf


def deal_data(conn, addr):
    print('Accept new connection from {0}'.format(addr))
    sys.stdout.flush()
    while 1:
        fileinfo_size = struct.calcsize('36sl')
        buf = recv_exactly(conn, fileinfo_size)
        if len(buf) < fileinfo_size:
            break
        filename, filesize = struct.unpack('36sl', buf)
        fn = filename.strip(b'\00').decode('utf-8')
        new_filename = os.path.join(directory, fn)
        print('file new name is {0}, filesize is {1}'.format(new_filename, filesize))
        sys.stdout.flush()
        recvd_size = 0
        fp = open(new_filename, 'wb')
        while not recvd_size == filesize:
            if filesize - recvd_size > 1024:
                data = conn.recv(1024)
            else:
                data = conn.recv(filesize - recvd_size)
            if not data:
                break
            recvd_size += len(data)
            fp.write(data)
        fp.close()
        print('end receive {0}'.format(fn))
        sys.stdout.flush()
    conn.close()


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 0))
s.listen(10)
print('port {0}'.format(s.getsockname()[1]))
sys.stdout.flush()
conn, addr = s.accept()
t = threading.Thread(target=deal_data, args=(conn, addr))
t.start()
t.join()
s.close()
