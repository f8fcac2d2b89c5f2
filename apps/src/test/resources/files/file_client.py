# The tutorial's file client: for each file, a struct.pack('36sl', name, size) header,
# then the file in 1,024-byte chunks, all on one connection.
# Usage: python3 file_client.py HOST PORT FILE...
import os
import socket
import struct
import sys

host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))
for filepath in sys.argv[3:]:
    fhead = struct.pack('36sl', os.path.basename(filepath).encode('utf-8'), os.stat(filepath).st_size)
    s.send(fhead)
    fp = open(filepath, 'rb')
    while 1:
        data = fp.read(1024)
        if not data:
            print('{0} file send over...'.format(filepath))
            break
        s.send(data)
    fp.close()
s.close()
