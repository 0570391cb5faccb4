#!/usr/bin/env bash
# HTTP outputs, Sluice then real syslog-ng's http() destination (syslog-ng-mod-http, installed when
# missing) with the same batching (1000 lines, 1 s), fed by loggen over TCP, into a local HTTP sink
# (bench/http_sink.py, which counts what it is given):
#   l  tcp -> http, newline-delimited $(format-json --scope rfc5424)
#   m  tcp -> http, Elasticsearch _bulk shape (an index action line before each document)
# PIN=1 gives each server a core of its own (lib.sh).
# Prints per run and medians: scenario sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
SIZE=200
SCENARIOS=${SCENARIOS:-"l m"}
ensure_tools
if [ ! -f /usr/lib/syslog-ng/3.38/libhttp.so ]; then
  echo "installing syslog-ng-mod-http" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq syslog-ng-mod-http >/dev/null
fi
DOC='$(format-json --scope rfc5424)'

sluice_config() { # scenario port url
  local body="ndjson" extra=""
  [ "$1" = m ] && { body="elasticsearch"; extra=", index: logs"; }
  cat <<YAML
sluice:
  pipelines:
    bench:
      flow-control: true
      sources: {in: {type: tcp, ip: 127.0.0.1, port: $2, log-iw-size: 1000000}}  # 10000 a connection, as syslog-ng's window
      destinations:
        out: {type: http, url: "$3", body: $body$extra, template: '$DOC', batch-lines: 1000, batch-timeout: 1s, log-fifo-size: 100000}
YAML
}

syslogng_config() { # scenario port url
  local body="$DOC"
  [ "$1" = m ] && body='{\"index\":{\"_index\":\"logs\"}}\n'"$DOC"
  cat <<CONF
@version: 3.38
options { stats-freq(0); keep-hostname(yes); };
log { source { network(ip("127.0.0.1") port($2) transport("tcp") log-iw-size(10000) max-connections(1)); };
  destination { http(url("$3") method("POST") headers("Content-Type: application/x-ndjson") body("$body")
    delimiter("\n") body-suffix("\n") batch-lines(1000) batch-timeout(1000) log-fifo-size(100000)); };
  flags(flow-control); };
CONF
}

run_one() { # who scenario -> "msgs_per_s cpu_s"
  local who=$1 s=$2 port sink_port count cfg pid sink cpu0 start secs cpu1
  port=$(free_port); sink_port=$(free_port); count="$WORK/http-$who-$s.count"
  rm -f "$count" "$WORK"/sng.persist*
  $(peer_cpu) python3 "$BENCH_DIR/http_sink.py" "$sink_port" "$count" "$([ "$s" = m ] && echo 1 || echo 0)" &
  sink=$!
  wait_port "$sink_port"
  if [ "$who" = sluice ]; then
    cfg="$WORK/http-$s.yaml"; sluice_config "$s" "$port" "http://127.0.0.1:$sink_port/" >"$cfg"
    pid=$(start_sluice "$cfg" "$WORK/http-sluice-$s.log")
  else
    cfg="$WORK/http-$s.conf"; syslogng_config "$s" "$port" "http://127.0.0.1:$sink_port/" >"$cfg"
    pid=$(start_syslogng "$cfg" "$WORK/http-syslog-ng-$s.log")
  fi
  wait_port "$port"; wait_settled "$pid"
  cpu0=$(cpu_seconds "$pid"); start=$(date +%s%N)
  $(peer_cpu) loggen -Q -S -I 3600 -s "$SIZE" -n "$N" -r 1000000000 127.0.0.1 "$port" >/dev/null 2>&1
  secs=$(wait_count "$N" "$start" "the sink" cat "$count")
  cpu1=$(cpu_seconds "$pid")
  stop_pid "$pid"; kill "$sink" 2>/dev/null; wait "$sink" 2>/dev/null
  awk -v n="$N" -v s="$secs" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN{printf "%.0f %.2f\n", n/s, c1-c0}'
}

printf "%-12s %s\n" scenario "sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s"
for s in $SCENARIOS; do
  runs="$WORK/http-$s.runs.$$"
  for i in $(seq 1 "$RUNS"); do
    a=$(run_one sluice "$s"); b=$(run_one syslog-ng "$s")
    echo "$s run $i: sluice ${a% *} msg/s ${a#* } cpu_s | syslog-ng ${b% *} msg/s ${b#* } cpu_s" >&2
    echo "$a $b" >>"$runs"
  done
  col() { awk -v c="$1" '{print $c}' "$runs" | median; }
  name=$([ "$s" = l ] && echo "l.http-ndjson" || echo "m.http-es-bulk")
  awk -v a="$(col 1)" -v b="$(col 3)" -v c="$(col 2)" -v d="$(col 4)" -v n="$N" -v nm="$name" \
    'BEGIN{printf "%-12s %.0f %.0f %.2f %.2f %.2f   (medians; %d messages)\n", nm, a, b, a/b, c, d, n}'
  rm -f "$runs"
done
