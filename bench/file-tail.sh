#!/usr/bin/env bash
# File tail -> file, Sluice then real syslog-ng with equivalent configurations: each follows an empty
# file, which then gets N lines of 200 bytes appended in large writes; measured until all N are out.
#   n  file source (no-parse) -> file destination, flow control, window 10000, fifo 100000
# Prints per run and medians: scenario sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
ensure_tools

run_one() { # who -> "msgs_per_s cpu_s"
  local who=$1 in="$WORK/tail-$1.in" out="$WORK/tail-$1.out" cfg pid cpu0 start secs cpu1
  rm -rf "$in" "$out" "$WORK"/sng.persist* "$WORK/state"
  : >"$in"
  if [ "$who" = sluice ]; then
    cfg="$WORK/tail.yaml"
    cat >"$cfg" <<YAML
sluice:
  pipelines:
    bench:
      flow-control: true
      sources: {in: {type: file, path: "$in", follow-freq: 1s, flags: [no-parse], log-iw-size: 10000}}
      destinations: {out: {type: file, path: "$out", template: "\$MSG\\n", log-fifo-size: 100000}}
YAML
    export MGMT_PORT; MGMT_PORT=$(free_port)
    pid=$(start_sluice "$cfg" "$WORK/tail-sluice.log")
    wait_port "$MGMT_PORT"
    for _ in $(seq 1 300); do curl -s "http://127.0.0.1:$MGMT_PORT/actuator/health" | grep -q '"UP"' && break; sleep 0.1; done
    unset MGMT_PORT
  else
    cfg="$WORK/tail.conf"
    cat >"$cfg" <<CONF
@version: 3.38
options { stats-freq(0); };
log { source { file("$in" follow-freq(1) flags(no-parse) log-iw-size(10000)); };
  destination { file("$out" template("\$MSG\n") log-fifo-size(100000)); }; flags(flow-control); };
CONF
    pid=$(start_syslogng "$cfg" "$WORK/tail-syslog-ng.log")
    sleep 1 # no port to wait for: give it its first look at the empty file
  fi
  cpu0=$(cpu_seconds "$pid"); start=$(date +%s%N)
  python3 -c 'import sys
line = (b"x" * 180) + b" n=%08d\n"
with open(sys.argv[1], "ab") as f:
    for chunk in range(int(sys.argv[2]) // 10000):
        f.write(b"".join(line % (chunk * 10000 + i) for i in range(10000)))
        f.flush()' "$in" "$N"
  secs=$(wait_lines "$out" "$N" "$start")
  cpu1=$(cpu_seconds "$pid")
  stop_pid "$pid"
  awk -v n="$N" -v s="$secs" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN{printf "%.0f %.2f\n", n/s, c1-c0}'
}

printf "%-12s %s\n" scenario "sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s"
runs="$WORK/tail.runs.$$"
for i in $(seq 1 "$RUNS"); do
  a=$(run_one sluice); b=$(run_one syslog-ng)
  echo "n run $i: sluice ${a% *} msg/s ${a#* } cpu_s | syslog-ng ${b% *} msg/s ${b#* } cpu_s" >&2
  echo "$a $b" >>"$runs"
done
col() { awk -v c="$1" '{print $c}' "$runs" | median; }
awk -v a="$(col 1)" -v b="$(col 3)" -v c="$(col 2)" -v d="$(col 4)" -v n="$N" \
  'BEGIN{printf "%-12s %.0f %.0f %.2f %.2f %.2f   (medians; %d messages)\n", "n.file-tail", a, b, a/b, c, d, n}'
rm -f "$runs"
