#!/usr/bin/env bash
# Kafka in and out, against a KRaft broker in its own JVM (Kafka's server artifacts from Maven, as
# in the tests; no Docker). No peer ratio: Kafka's own producer-perf figure on the same broker is
# printed beside Sluice's as the bound.
#   p  kafka-producer-perf: N records of SIZE bytes, acks=all, idempotent (the bound for o)
#   o  tcp (loggen) -> kafka destination (acks=all, idempotent), 3 partitions
#   q  kafka source (the records of p) -> file
# Prints per run and medians: scenario msgs_per_s sluice_cpu_s
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
SIZE=200
ensure_tools
CP_FILE="$WORK/test-classpath.txt"
if [ ! -f "$CP_FILE" ] || [ -n "${REBUILD:-}" ]; then
  (cd "$ROOT" && ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test)
fi
TEST_CP="$ROOT/target/test-classes:$(cat "$CP_FILE")"

start_broker() { # dir -> pid
  rm -rf "$1"; mkdir -p "$1"
  "$JAVA" -Xmx1g -cp "$TEST_CP" dev.sluice.bench.KafkaBenchBroker "$1" perf:3 sluice-out:3 >"$1/broker.log" 2>&1 &
  echo $!
}

records() { awk -v t="$2" '$1 == t {print $2}' "$1/offsets" 2>/dev/null || echo 0; }

run_round() { # -> "p_rate o_rate o_cpu q_rate q_cpu"
  local dir="$WORK/kafka-broker" broker boot perf port cfg pid cpu0 start secs cpu1 o q out
  broker=$(start_broker "$dir")
  for _ in $(seq 1 600); do [ -f "$dir/bootstrap" ] && break; sleep 0.1; done
  boot=$(cat "$dir/bootstrap")
  # p: Kafka's producer-perf tool, its last line: "N records sent, R records/sec (…)"
  perf=$("$JAVA" -cp "$TEST_CP" org.apache.kafka.tools.ProducerPerformance --topic perf --num-records "$N" --record-size "$SIZE" \
    --throughput -1 --producer-props bootstrap.servers="$boot" acks=all enable.idempotence=true linger.ms=5 2>/dev/null \
    | tail -1 | awk '{print $4}')
  # o: tcp -> kafka
  port=$(free_port); cfg="$WORK/kafka-o.yaml"
  cat >"$cfg" <<YAML
sluice:
  pipelines:
    bench:
      flow-control: true
      sources: {in: {type: tcp, ip: 127.0.0.1, port: $port, log-iw-size: 1000000}}
      destinations:
        out: {type: kafka, bootstrap-servers: "$boot", topic: sluice-out, template: '\$MSG', log-fifo-size: 100000}
YAML
  pid=$(start_sluice "$cfg" "$WORK/kafka-o.log")
  wait_port "$port"
  cpu0=$(cpu_seconds "$pid"); start=$(date +%s%N)
  loggen -Q -S -I 3600 -s "$SIZE" -n "$N" -r 1000000000 127.0.0.1 "$port" >/dev/null 2>&1
  secs=$(wait_count "$N" "$start" kafka records "$dir" sluice-out)
  cpu1=$(cpu_seconds "$pid"); stop_pid "$pid"
  o=$(awk -v n="$N" -v s="$secs" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN{printf "%.0f %.2f", n/s, c1-c0}')
  # q: kafka (the perf topic) -> file; the clock starts with the service, so start-up is included
  out="$WORK/kafka-q.out"; rm -f "$out"; cfg="$WORK/kafka-q.yaml"
  cat >"$cfg" <<YAML
sluice:
  pipelines:
    bench:
      flow-control: true
      sources: {in: {type: kafka, bootstrap-servers: "$boot", topics: [perf], group-id: bench-$$-$RANDOM, log-iw-size: 100000,
                     properties: {max.poll.records: 2000, fetch.min.bytes: 65536}}}
      destinations:
        out: {type: file, path: "$out", template: "\$MESSAGE\\n", log-fifo-size: 100000}
YAML
  start=$(date +%s%N)
  pid=$(start_sluice "$cfg" "$WORK/kafka-q.log")
  secs=$(wait_lines "$out" "$N" "$start")
  cpu1=$(cpu_seconds "$pid"); stop_pid "$pid"
  q=$(awk -v n="$N" -v s="$secs" -v c="$cpu1" 'BEGIN{printf "%.0f %.2f", n/s, c}')
  kill "$broker" 2>/dev/null; wait "$broker" 2>/dev/null || true
  echo "${perf%.*} $o $q"
}

runs="$WORK/kafka.runs.$$"
for i in $(seq 1 "$RUNS"); do
  r=$(run_round)
  echo "run $i: producer-perf $(echo "$r" | awk '{print $1}') rec/s | o tcp->kafka $(echo "$r" | awk '{print $2" msg/s "$3" cpu_s"}') | q kafka->file $(echo "$r" | awk '{print $4" msg/s "$5" cpu_s (start-up included)"}')" >&2
  echo "$r" >>"$runs"
done
col() { awk -v c="$1" '{print $c}' "$runs" | median; }
printf "%-18s %s\n" scenario "msgs_per_s sluice_cpu_s   (medians of $RUNS; $N messages of $SIZE bytes)"
printf "%-18s %.0f -\n" p.producer-perf "$(col 1)"
printf "%-18s %.0f %.2f   (%.2f of producer-perf)\n" o.tcp-kafka "$(col 2)" "$(col 3)" "$(awk -v a="$(col 2)" -v b="$(col 1)" 'BEGIN{print a/b}')"
printf "%-18s %.0f %.2f\n" q.kafka-file "$(col 4)" "$(col 5)"
rm -f "$runs"
