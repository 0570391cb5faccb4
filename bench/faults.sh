#!/usr/bin/env bash
# Faults an operator meets, each with numbered messages and counted outputs. Prints one line per scenario:
#   scenario sent delivered missing duplicates dropped
# "missing" is what was neither delivered nor dropped-and-counted; the target is 0 for every scenario.
#   kill9    a python-fetcher (acks resume it) -> reliable disk buffer -> python destination answering
#            QUEUED / SUCCESS / DROP; Sluice is killed with -9 KILLS times at random moments (default 20, N=1M)
#   reload   TCP at RATE msg/s (20k) -> file; RELOADS reloads (50) alternately changing the source and the destination
#   outage   fetcher -> python destination whose receiver is down for OUTAGE seconds (60) mid-run
#   diskfull fetcher -> reliable disk buffer on a small tmpfs that is filled up while the receiver is down, then freed
# SCENARIOS selects ("kill9 reload outage diskfull"). Loopback only; every process is stopped at the end.
source "$(dirname "$0")/lib.sh"
ensure_tools
SCENARIOS=${SCENARIOS:-"kill9 reload outage diskfull"}
N=${N:-1000000}
KILLS=${KILLS:-20}
RATE=${RATE:-20000}
RELOADS=${RELOADS:-50}
OUTAGE=${OUTAGE:-60}
TOKEN=faults-secret
TOOLS="python3 $BENCH_DIR/faults_tools.py"
F=$WORK/faults
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; mountpoint -q "$F/small" && umount -l "$F/small" || true; }
trap cleanup EXIT

fresh() { rm -rf "$F" "$WORK/state"; mkdir -p "$F"; }

header() { # python-path
  cat <<YAML
sluice:
  management: {token: $TOKEN}
  python: {path: [$BENCH_DIR]}
  pipelines:
YAML
}

fetch_to_mixed() { # count extra-destination-options [rate]
  cat <<YAML
    faults:
      flow-control: true
      sources:
        seq: {type: python-fetcher, class: faults_drivers.Seq, options: {count: $1, rate: ${3:-0}}, log-iw-size: 10000}
      destinations:
        mixed: {type: python, class: faults_drivers.Mixed, options: {out: $F/out.log, dropped: $F/dropped.log, flag: $F/down},
                retries: 1000000, time-reopen: 1s$2}
YAML
}

wait_count() { # total timeout -> prints the count line once nothing is missing or on timeout
  local total=$1 timeout=$2 line
  for _ in $(seq 1 "$timeout"); do
    line=$($TOOLS count "$total" "$F/out.log" "$F/dropped.log")
    [ "$(echo "$line" | awk '{print $2}')" = 0 ] && break
    sleep 1
  done
  echo "$line"
}

scenario_kill9() {
  fresh
  { header; fetch_to_mixed "$N" ", disk-buffer: {reliable: true, max-size: 2GiB}" "${KILL_RATE:-20000}"; } >"$F/kill9.yaml"
  for k in $(seq 1 "$KILLS"); do
    local pid before; before=$(stat -c %s "$F/out.log" 2>/dev/null || echo 0)
    pid=$(start_sluice "$F/kill9.yaml" "$F/kill9-$k.log"); PIDS+=("$pid")
    for _ in $(seq 1 600); do [ "$(stat -c %s "$F/out.log" 2>/dev/null || echo 0)" -gt "$before" ] && break; sleep 0.1; done
    sleep $((1 + RANDOM % 5)) # a random moment of the traffic
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  done
  local pid; pid=$(start_sluice "$F/kill9.yaml" "$F/kill9-final.log"); PIDS+=("$pid")
  local line; line=$(wait_count "$N" 900)
  stop_pid "$pid"
  echo "kill9 $N $line   ($KILLS x kill -9; delivered missing duplicates dropped)"
}

scenario_reload() {
  fresh
  local port mgmt; port=$(free_port); mgmt=$(free_port)
  write_reload_config() { # iw batch
    { header; cat <<YAML
    reload:
      flow-control: true
      sources:
        in: {type: tcp, ip: 127.0.0.1, port: $port, log-iw-size: $1}
      destinations:
        out: {type: file, path: $F/out.log, template: "\$MESSAGE\n", batch-lines: $2}
YAML
    } >"$F/reload.yaml"
  }
  write_reload_config 10000 1000
  local pid; pid=$(MGMT_PORT=$mgmt start_sluice "$F/reload.yaml" "$F/reload.log"); PIDS+=("$pid")
  wait_port "$port"
  local total=$((RATE * (RELOADS + 10)))
  $TOOLS send "$port" "$total" "$RATE" >"$F/sent" &
  local sender=$!
  sleep 3
  for r in $(seq 1 "$RELOADS"); do
    if [ $((r % 2)) = 1 ]; then write_reload_config $((10000 + r)) 1000; else write_reload_config 10000 $((1000 + r)); fi
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$mgmt/actuator/reload" >>"$F/reload-codes"
    sleep 1
  done
  wait "$sender"
  local sent; sent=$(cat "$F/sent")
  local line; line=$(wait_count "$sent" 120)
  stop_pid "$pid"
  echo "reload $sent $line   ($RELOADS reloads at ${RATE} msg/s; answers: $(sort "$F/reload-codes" | uniq -c | tr '\n' ' '))"
}

scenario_outage() {
  fresh
  local total=$((2000 * (OUTAGE + 30)))
  { header; fetch_to_mixed "$total" "" 2000; } >"$F/outage.yaml"
  local pid; pid=$(start_sluice "$F/outage.yaml" "$F/outage.log"); PIDS+=("$pid")
  for _ in $(seq 1 600); do [ -s "$F/out.log" ] && break; sleep 0.1; done
  sleep 10
  touch "$F/down"
  sleep "$OUTAGE"
  rm -f "$F/down"
  local line; line=$(wait_count "$total" 300)
  stop_pid "$pid"
  echo "outage $total $line   (receiver down ${OUTAGE}s mid-run)"
}

scenario_diskfull() {
  fresh
  mkdir -p "$F/small"
  if ! mount -t tmpfs -o size=32m tmpfs "$F/small"; then echo "diskfull skipped: cannot mount a tmpfs (needs root)"; return; fi
  local total=$((N / 5)) mgmt; mgmt=$(free_port)
  { header; fetch_to_mixed "$total" ", disk-buffer: {reliable: true, max-size: 1GiB, dir: $F/small/buffer}" 10000; } >"$F/diskfull.yaml"
  touch "$F/down"
  local pid; pid=$(MGMT_PORT=$mgmt start_sluice "$F/diskfull.yaml" "$F/diskfull.log"); PIDS+=("$pid")
  for _ in $(seq 1 600); do [ "$(du -sk "$F/small" | cut -f1)" -gt 1024 ] && break; sleep 0.1; done # buffering has begun
  head -c 40m /dev/zero >"$F/small/filler" 2>/dev/null || true
  sleep 10
  local health; health=$(curl -s "http://127.0.0.1:$mgmt/actuator/health/pipelines/faults/mixed" | grep -o '"lastError":"[^"]*"\|"status":"[A-Z_]*"' | tr '\n' ' ' || true)
  rm -f "$F/small/filler" "$F/down"
  local line; line=$(wait_count "$total" 300)
  stop_pid "$pid"
  umount -l "$F/small"
  echo "diskfull $total $line   (health while full: $health)"
}

echo "scenario sent delivered missing duplicates dropped"
for s in $SCENARIOS; do "scenario_$s"; done
