#!/usr/bin/env bash
# Persist from Python, in Sluice:
#   assignments   `persist["value"] = i` in a loop: rounds of PER_ROUND, median of the last 3 rounds
#   counter-cost  a python-fetcher emitting N messages to a file, with and without
#                 `self.persist['counter'] += 1` per message (medians of RUNS runs each): the
#                 whole run from the first message, and the sustained rate after the first
#                 WARM messages (the Python warm-up, measured by run-all, is seconds long)
source "$(dirname "$0")/lib.sh"
N=${N:-5000000}
PER_ROUND=${PER_ROUND:-500000}
ROUNDS=${ROUNDS:-8}
WARM=${WARM:-1000000}
ensure_tools

run_fetcher() { # PlainFetcher|CountingFetcher -> "whole_run_msgs_per_s sustained_msgs_per_s"
  local cls=$1 out="$WORK/persist-$1.out" cfg="$WORK/persist-$1.yaml" pid start warm secs
  rm -rf "$out" "$WORK/state/state"
  cat >"$cfg" <<YAML
sluice:
  python: {path: ["$BENCH_DIR"]}
  pipelines:
    bench:
      flow-control: true
      sources:
        in: {type: python-fetcher, class: bench_persist.$cls, options: {limit: $N}, fetch-no-data-delay: 1s}
      destinations:
        out: {type: file, path: "$out", template: "\$MESSAGE\\n"}
YAML
  start=$(date +%s%N)
  pid=$(start_sluice "$cfg" "$WORK/persist-$cls.log")
  # Clock from the first message, so start-up is not counted.
  for _ in $(seq 1 3000); do [ "$(lines_of "$out")" -ge 1 ] && break; sleep 0.05; done
  start=$(date +%s%N)
  warm=$(wait_lines "$out" "$WARM" "$start")
  secs=$(wait_lines "$out" "$N" "$start")
  stop_pid "$pid"
  awk -v n="$N" -v w="$WARM" -v s="$secs" -v ws="$warm" 'BEGIN{printf "%.0f %.0f\n", n/s, (n-w)/(s-ws)}'
}

cfg="$WORK/persist-assign.yaml"
cat >"$cfg" <<YAML
sluice:
  python: {path: ["$BENCH_DIR"]}
  pipelines:
    bench:
      sources:
        in: {type: python-fetcher, class: bench_persist.AssignmentSpeed, options: {per_round: $PER_ROUND, rounds: $ROUNDS}}
      destinations:
        out: {type: file, path: "$WORK/persist-assign.out"}
YAML
rm -rf "$WORK/state/state"
pid=$(start_sluice "$cfg" "$WORK/persist-assign.log")
for _ in $(seq 1 1200); do [ "$(grep -c 'assignments/s round' "$WORK/persist-assign.log")" -ge "$ROUNDS" ] && break; sleep 0.25; done
stop_pid "$pid"
grep 'assignments/s round' "$WORK/persist-assign.log" >&2
assign=$(grep 'assignments/s round' "$WORK/persist-assign.log" | tail -3 | awk '{print $NF}' | median)

for i in $(seq 1 "$RUNS"); do
  p=$(run_fetcher PlainFetcher); c=$(run_fetcher CountingFetcher)
  echo "run $i: plain $p msg/s | with persist counter $c msg/s   (whole run, after $WARM)" >&2
  echo "$p $c" >>"$WORK/persist.runs.$$"
done
col() { awk -v c="$1" '{print $c}' "$WORK/persist.runs.$$" | median; }
pw=$(col 1); ps=$(col 2); cw=$(col 3); cs=$(col 4)
rm -f "$WORK/persist.runs.$$"
printf "persist-assignments %.0f /s   (median of the last 3 rounds of %d)\n" "$assign" "$PER_ROUND"
ratio() { awk -v p="$2" -v c="$3" -v what="$1" 'BEGIN{printf "persist-counter-fetcher %.0f %.0f %.2f   (msg/s with / without the counter, %s; loss %.0f%%)\n", c, p, c/p, what, (1-c/p)*100}'; }
ratio "sustained, after the first $WARM messages" "$ps" "$cs"
ratio "whole run of $N from the first message" "$pw" "$cw"
