"""A local HTTP sink for bench/http.sh: counts the messages of every POST (lines, or bulk action
lines with ES=1) and keeps the running total in COUNT_FILE; answers 200, as Elasticsearch's bulk API
when ES=1. Usage: python3 http_sink.py PORT COUNT_FILE [ES]"""
import gzip
import os
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, COUNT_FILE = int(sys.argv[1]), sys.argv[2]
ES = len(sys.argv) > 3 and sys.argv[3] == "1"
total = 0
lock = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # the answer goes out in two writes: without this, Nagle's algorithm and the client's delayed
        # ACK hold every request for 40 ms
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        global total
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        n = body.count(b'{"index"') if ES else body.count(b"\n")
        with lock:
            total += n
            tmp = COUNT_FILE + ".tmp"
            with open(tmp, "w") as f:
                f.write(str(total))
            os.replace(tmp, COUNT_FILE)
        answer = b'{"took":1,"errors":false,"items":[]}' if ES else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Sink).serve_forever()
