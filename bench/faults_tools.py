"""Senders, sinks and counters for bench/faults.sh (system Python 3, loopback only, bounded in time)."""
import socket
import sys
import threading
import time


def count(paths, total, dropped_paths=()):
    """Prints 'delivered missing duplicates dropped' for numbered lines n=NNNNNNNN in the files."""
    seen = {}
    for p in paths:
        try:
            with open(p, errors="replace") as f:
                for line in f:
                    i = line.find("n=")
                    if i >= 0 and len(line) >= i + 10 and line[i + 2:i + 10].isdigit():
                        n = int(line[i + 2:i + 10])
                        seen[n] = seen.get(n, 0) + 1
        except FileNotFoundError:
            pass
    dropped = set()
    for p in dropped_paths:
        try:
            with open(p) as f:
                dropped.update(int(l.strip()[2:]) for l in f if l.startswith("n="))
        except FileNotFoundError:
            pass
    missing = sum(1 for n in range(total) if n not in seen and n not in dropped)
    dups = sum(c - 1 for c in seen.values() if c > 1)
    print(len(seen), missing, dups, len(dropped))


def send(port, total, rate, prefix="<13>Nov 23 10:00:00 host app: "):
    """Sends n=0..total-1 over one TCP connection at about `rate` messages/s; reconnects if cut."""
    n = 0
    start = time.time()
    deadline = start + 3600
    while n < total and time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                while n < total:
                    burst = min(200, total - n)
                    s.sendall("".join("%sn=%08d\n" % (prefix, i) for i in range(n, n + burst)).encode())
                    n += burst
                    ahead = n / rate - (time.time() - start)
                    if ahead > 0:
                        time.sleep(ahead)
        except OSError:
            time.sleep(0.2)  # a cut connection loses what was in flight: that is TCP, reported as missing
    print(n)


def sink(port, out, seconds):
    """Accepts connections on port and appends what arrives to `out`, for `seconds`."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    srv.settimeout(0.5)
    end = time.time() + seconds
    conns = []

    def serve(c):
        with c, open(out, "ab") as f:
            c.settimeout(0.5)
            while time.time() < end:
                try:
                    b = c.recv(65536)
                except socket.timeout:
                    continue
                if not b:
                    return
                f.write(b)
                f.flush()

    while time.time() < end:
        try:
            c, _ = srv.accept()
        except socket.timeout:
            continue
        t = threading.Thread(target=serve, args=(c,), daemon=True)
        t.start()
        conns.append(t)
    srv.close()
    for t in conns:
        t.join(2)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "count":
        total = int(sys.argv[2])
        files = sys.argv[3].split(",")
        dropped = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[4] else []
        count(files, total, dropped)
    elif cmd == "send":
        send(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
    elif cmd == "sink":
        sink(int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
