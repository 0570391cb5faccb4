#!/usr/bin/env bash
# Persist from Python, in Sluice:
#   assignments   `persist["value"] = i` in a loop: rounds of PER_ROUND, median of the last 3 rounds
#   counter-cost  a python-fetcher emitting N messages to a file, with and without
#                 `self.persist['counter'] += 1` per message (medians of RUNS runs each)
source "$(dirname "$0")/lib.sh"
N=${N:-500000}
PER_ROUND=${PER_ROUND:-500000}
ROUNDS=${ROUNDS:-8}
ensure_tools

run_fetcher() { # PlainFetcher|CountingFetcher -> msgs_per_s
  local cls=$1 out="$WORK/persist-$1.out" cfg="$WORK/persist-$1.yaml" pid start secs
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
  secs=$(wait_lines "$out" "$N" "$start")
  stop_pid "$pid"
  awk -v n="$N" -v s="$secs" 'BEGIN{printf "%.0f\n", n/s}'
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
  echo "run $i: plain $p msg/s | with persist counter $c msg/s" >&2
  echo "$p $c" >>"$WORK/persist.runs.$$"
done
pm=$(awk '{print $1}' "$WORK/persist.runs.$$" | median); cm=$(awk '{print $2}' "$WORK/persist.runs.$$" | median)
rm -f "$WORK/persist.runs.$$"
printf "persist-assignments %.0f /s   (median of the last 3 rounds of %d)\n" "$assign" "$PER_ROUND"
awk -v p="$pm" -v c="$cm" 'BEGIN{printf "persist-counter-fetcher %.0f %.0f %.2f   (msg/s with / without the counter; loss %.0f%%)\n", c, p, c/p, (1-c/p)*100}'
