# Shared helpers of the benchmark scripts: start Sluice or syslog-ng, measure a run, print medians.
# Sourced, not run. Everything listens on loopback only and is stopped by PID at the end.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WORK=${WORK:-$ROOT/target/bench}
RUNS=${RUNS:-3}
mkdir -p "$WORK"

ensure_tools() {
  if ! command -v loggen >/dev/null || [ ! -x /usr/sbin/syslog-ng ]; then
    echo "installing syslog-ng-core (syslog-ng and loggen)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq syslog-ng-core syslog-ng-mod-python >/dev/null
  fi
  JAVA=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)
  [ -n "$JAVA" ] || { echo "no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
  if [ ! -f "$ROOT/target/sluice.jar" ] || [ -n "${REBUILD:-}" ]; then
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# CPU seconds (user+system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14+$15)/hz}' "/proc/$1/stat"; }

# Waits until PORT accepts: up to TENTHS tenths of a second (default 60 s), or until PID (if given) exits.
wait_port() { # port [tenths] [pid]
  for _ in $(seq 1 "${2:-600}"); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then echo "pid $3 exited before port $1 listened" >&2; return 1; fi
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2; return 1
}

# Waits (up to 30 s) until PID has used under 0.05 CPU seconds in a quarter of a second: a JVM is
# still compiling its start-up code for a second or two after its ports open, and that CPU and time
# belong to start-up, not to the run being measured. syslog-ng settles at once.
wait_settled() { # pid
  local before after
  for _ in $(seq 1 120); do
    before=$(cpu_seconds "$1"); sleep 0.25; after=$(cpu_seconds "$1")
    awk -v a="$before" -v b="$after" 'BEGIN{exit !(b - a < 0.05)}' && return 0
  done
  echo "WARNING: pid $1 still busy after 30 s" >&2
}

rss_mib() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

lines_of() { [ -f "$1" ] && wc -l < "$1" || echo 0; }

# Waits until the command COUNT... prints at least N (up to 5 minutes); prints the seconds since
# START (date +%s%N), and a warning on stderr when the count never got there.
wait_count() { # n start what count-command...
  local n=$1 start=$2 what=$3 got=0; shift 3
  for _ in $(seq 1 6000); do got=$("$@" 2>/dev/null || echo 0); [ "${got:-0}" -ge "$n" ] && break; sleep 0.05; done
  [ "${got:-0}" -ge "$n" ] || echo "WARNING: $what got ${got:-0} of $n" >&2
  awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN{printf "%.3f", (e-s)/1e9}'
}

# Waits until FILE has N lines (or 600 s); prints the elapsed seconds since START_NS. Counts only the
# bytes added since the last look: re-reading a file of millions of lines every 0.1 s would take
# CPU from the server being measured.
wait_lines() {
  local file=$1 n=$2 start=$3 seen=0 off=0 size
  for _ in $(seq 1 6000); do
    if [ -f "$file" ]; then
      size=$(stat -c %s "$file")
      if [ "$size" -gt "$off" ]; then
        seen=$((seen + $( (tail -c +$((off + 1)) "$file" || true) | head -c $((size - off)) | wc -l)))  # tail may get SIGPIPE: the file grew
        off=$size
      fi
    fi
    [ "$seen" -ge "$n" ] && break
    sleep 0.1
  done
  local end; end=$(date +%s%N)
  [ "$seen" -ge "$n" ] || echo "WARNING: only $seen of $n lines arrived in $file" >&2
  awk -v s="$start" -v e="$end" 'BEGIN{printf "%.3f", (e-s)/1e9}'
}

JVM_FLAGS="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$ROOT/target/jit --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -Xss4m -Xms1g -Xmx2g ${EXTRA_JVM_FLAGS:-}"

# PIN=1: the server runs on CPU 1 and the peers (loggen, sinks) on CPU 0, so that a CPU-bound run
# compares the servers on a core each instead of on what the peers leave of two.
server_cpu() { if [ -n "${PIN:-}" ]; then echo taskset -c 1; fi; }
peer_cpu() { if [ -n "${PIN:-}" ]; then echo taskset -c 0; fi; }

start_sluice() { # config.yaml logfile
  $(server_cpu) "$JAVA" $JVM_FLAGS -Djava.io.tmpdir="$WORK" -jar "${SLUICE_JAR:-$ROOT/target/sluice.jar}" \
    --spring.config.additional-location="file:$1" --server.port=0 --management.server.port="${MGMT_PORT:-0}" \
    --sluice.state-dir="$WORK/state" >"$2" 2>&1 &
  echo $!
}

start_syslogng() { # config logfile
  $(server_cpu) /usr/sbin/syslog-ng -F --no-caps -f "$1" -R "$WORK/sng.persist" -p "$WORK/sng.pid" -c "$WORK/sng.ctl" >"$2" 2>&1 &
  echo $!
}

# Stops PID and waits until it is gone: servers are started in a subshell, so `wait` alone returns
# at once, and the next run would meet the previous one's port or state lock.
stop_pid() {
  kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  echo "pid $1 ignored SIGTERM for 60 s; killing it" >&2; kill -9 "$1" 2>/dev/null || true
}

# loggen sends N messages of SIZE bytes to PORT once it listens; waits until OUT has them all, stops
# PID and prints "msgs_per_s cpu_s" (the server's CPU seconds during the run).
measure_loggen() { # pid port out
  local pid=$1 port=$2 out=$3 cpu0 start secs cpu1
  wait_port "$port"
  cpu0=$(cpu_seconds "$pid")
  start=$(date +%s%N)
  loggen -Q -S -I 3600 -s "$SIZE" -n "$N" -r 1000000000 127.0.0.1 "$port" >/dev/null 2>&1
  secs=$(wait_lines "$out" "$N" "$start")
  cpu1=$(cpu_seconds "$pid")
  stop_pid "$pid"
  awk -v n="$N" -v s="$secs" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN{printf "%.0f %.2f\n", n/s, c1-c0}'
}

# Sends N lines of a 1000-line corpus file to PORT on one connection, ten copies per write: a few lines
# of Python outpace both servers, where loggen replaying a file (-R) tops out near 120k lines/s.
send_corpus() { # corpus port n
  python3 -c 'import socket, sys
data = open(sys.argv[1], "rb").read() * 10
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
for _ in range(int(sys.argv[3]) // 10000): s.sendall(data)
s.close()' "$1" "$2" "$3"
}

median() { sort -g | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
