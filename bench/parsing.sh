#!/usr/bin/env bash
# Native parsing and reshaping, Sluice then real syslog-ng with equivalent configurations, fed a
# corpus of 1000 varied lines (nginx-style JSON, or key=value) N/1000 times over one TCP connection
# (send_corpus in lib.sh).
#   i  tcp -> json parser -> rewrite (set, rename, unset) -> $(format-json --scope nv-pairs) -> file
#   j  the same chain with the kv parser
#   k  Sluice only: scenario i with its json step done by a Python parser (bench_drivers.JsonParser)
# Prints per run and medians: scenario sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s
# (for k: native_msgs_per_s python_msgs_per_s ratio native_cpu_s python_cpu_s).
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
SCENARIOS=${SCENARIOS:-"i j k"}
ensure_tools
LOOPS=$((N / 1000))

corpus() { # json|kv file
  python3 - "$1" "$2" <<'PY'
import json, random, sys
kind, path = sys.argv[1], sys.argv[2]
r = random.Random(7)
methods, paths = ["GET", "POST", "PUT"], ["/", "/api/v1/items", "/login", "/static/app.js", "/health"]
agents = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "kube-probe/1.29"]
with open(path, "w") as f:
    for i in range(1000):
        doc = {"remote_addr": "10.0.%d.%d" % (r.randrange(256), r.randrange(256)), "method": r.choice(methods),
               "path": r.choice(paths), "status": r.choice([200, 200, 200, 301, 404, 500]), "bytes": r.randrange(100000),
               "request_time": r.randrange(1000), "agent": r.choice(agents), "upstream": {"addr": "10.1.0.%d:8080" % r.randrange(32)}}
        if kind == "json":
            body = json.dumps(doc, separators=(",", ":"))
        else:
            body = " ".join('%s="%s"' % (k, v) if isinstance(v, str) and " " in v else "%s=%s" % (k, v)
                            for k, v in doc.items() if k != "upstream") + " upstream_addr=" + doc["upstream"]["addr"]
        f.write("<134>Oct 11 22:14:15 web-%02d nginx[%d]: %s\n" % (i % 20, 1000 + i, body))
PY
}
corpus json "$WORK/parsing-json.txt"
corpus kv "$WORK/parsing-kv.txt"
TEMPLATE='$(format-json --scope nv-pairs)\n'

# the parser step, the rewrite and what they name, per kind
sluice_steps() { # json|kv|python
  case $1 in
    json) echo "        - {type: json, prefix: .json.}" ;;
    kv) echo "        - {type: kv, prefix: .json.}" ;;
    python) echo "        - {type: python, class: bench_drivers.JsonParser}" ;;
  esac
  cat <<'YAML'
        - type: rewrite
          rules:
            - {set: '${.json.status}', value: status}
            - {rename: [.json.remote_addr, .json.client]}
            - {unset: .json.agent}
YAML
}

sluice_config() { # kind port out
  cat <<YAML
sluice:
  python: {path: ["$BENCH_DIR"]}
  pipelines:
    bench:
      flow-control: true
      sources: {net: {type: tcp, ip: 127.0.0.1, port: $2, log-iw-size: 1000000}}  # 10000 a connection (of 100), as syslog-ng's window
      parsers:
$(sluice_steps "$1")
      destinations: {out: {type: file, path: "$3", template: "$TEMPLATE", log-fifo-size: 100000}}
YAML
}

syslogng_config() { # kind port out
  local parser
  if [ "$1" = json ]; then parser='json-parser(prefix(".json."))'; else parser='kv-parser(prefix(".json."))'; fi
  cat <<CONF
@version: 3.38
options { stats-freq(0); keep-hostname(yes); };
source net { network(ip("127.0.0.1") port($2) transport("tcp") log-iw-size(10000) max-connections(1)); };
log { source(net); parser { $parser; };
  rewrite { set("\${.json.status}" value("status")); rename(".json.remote_addr" ".json.client"); unset(value(".json.agent")); };
  destination { file("$3" template("$TEMPLATE") log-fifo-size(100000)); }; flags(flow-control); };
CONF
}

run_one() { # who kind corpus -> "msgs_per_s cpu_s"
  local who=$1 kind=$2 corpus=$3 port out cfg pid start cpu0 secs cpu1
  port=$(free_port); out="$WORK/parsing-$who-$kind.out"
  rm -f "$out" "$WORK"/sng.persist*
  if [ "$who" = syslog-ng ]; then
    cfg="$WORK/parsing-$kind.conf"; syslogng_config "$kind" "$port" "$out" >"$cfg"
    pid=$(start_syslogng "$cfg" "$WORK/parsing-syslog-ng-$kind.log")
  else
    cfg="$WORK/parsing-$kind.yaml"; sluice_config "$kind" "$port" "$out" >"$cfg"
    pid=$(start_sluice "$cfg" "$WORK/parsing-sluice-$kind.log")
  fi
  wait_port "$port"
  cpu0=$(cpu_seconds "$pid"); start=$(date +%s%N)
  send_corpus "$corpus" "$port" "$N"
  secs=$(wait_lines "$out" "$N" "$start")
  cpu1=$(cpu_seconds "$pid")
  stop_pid "$pid"
  awk -v n="$N" -v s="$secs" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN{printf "%.0f %.2f\n", n/s, c1-c0}'
}

printf "%-12s %s\n" scenario "sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s"
for s in $SCENARIOS; do
  runs="$WORK/parsing-$s.runs.$$"
  for i in $(seq 1 "$RUNS"); do
    case $s in
      i) a=$(run_one sluice json "$WORK/parsing-json.txt"); b=$(run_one syslog-ng json "$WORK/parsing-json.txt") ;;
      j) a=$(run_one sluice kv "$WORK/parsing-kv.txt"); b=$(run_one syslog-ng kv "$WORK/parsing-kv.txt") ;;
      k) a=$(run_one sluice json "$WORK/parsing-json.txt"); b=$(run_one sluice python "$WORK/parsing-json.txt") ;;
    esac
    echo "$s run $i: ${a% *} msg/s ${a#* } cpu_s | ${b% *} msg/s ${b#* } cpu_s" >&2
    echo "$a $b" >>"$runs"
  done
  col() { awk -v c="$1" '{print $c}' "$runs" | median; }
  name=$(case $s in i) echo "i.json-chain" ;; j) echo "j.kv-chain" ;; k) echo "k.native/python" ;; esac)
  awk -v a="$(col 1)" -v b="$(col 3)" -v c="$(col 2)" -v d="$(col 4)" -v n="$N" -v nm="$name" \
    'BEGIN{printf "%-12s %.0f %.0f %.2f %.2f %.2f   (medians; %d messages)\n", nm, a, b, a/b, c, d, n}'
  rm -f "$runs"
done
