#!/usr/bin/env bash
# Log paths, Sluice then real syslog-ng with equivalent configurations, fed a corpus of 1000 varied
# lines (facilities, levels, programs, hosts) N/1000 times over one TCP connection. The sender is a
# few lines of Python writing the corpus in large chunks: loggen replaying a file (-R) tops out near
# 120k lines/s on this machine, below both servers.
#   g  tcp -> 3 filtered paths (severity, program, host glob) -> 3 files
#   h  tcp -> a filter passing 10% -> python destination (bench_drivers.NullDestination)
# Prints per run and medians: scenario sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
SCENARIOS=${SCENARIOS:-"g h"}
ensure_tools

CORPUS="$WORK/routing-corpus.txt"
# Line i: level i%8, program nginx for i%10<3 else pay for i%10==3 else app, host web-NN for i%4==0;
# the expected count of each path per 1000 lines is printed by the generator.
read -r ERRORS NGINX WEB PAY < <(python3 - "$CORPUS" <<'PY'
import sys
errors = nginx = web = pay = 0
with open(sys.argv[1], "w") as f:
    for i in range(1000):
        level = i % 8
        program = "nginx" if i % 10 < 3 else "pay" if i % 10 == 3 else "app"
        host = "web-%02d" % (i % 100) if i % 4 == 0 else "db-%02d" % (i % 100)
        f.write("<%d>Oct 11 22:14:15 %s %s[%d]: routing bench line %d padding padding padding padding\n"
                % (16 * 8 + level, host, program, 1000 + i, i))
        errors += level <= 3
        nginx += program == "nginx"
        web += i % 4 == 0
        pay += program == "pay"
print(errors, nginx, web, pay)
PY
)
LOOPS=$((N / 1000))
TEMPLATE='${ISODATE} ${HOST} ${MSGHDR}${MESSAGE}\n'

sluice_config() { # scenario port dir done
  local s=$1 port=$2 dir=$3 done=$4
  cat <<YAML
sluice:
  python: {path: ["$BENCH_DIR"]}
  sources:
    net: {type: tcp, ip: 127.0.0.1, port: $port, log-iw-size: 1000000}  # 10000 a connection (of 100), as syslog-ng's window
  pipelines:
YAML
  if [ "$s" = g ]; then
    for p in "errors|level(err..emerg)" "nginx|program(\"^nginx\$\")" "web|host(\"web-*\" type(glob))"; do
      cat <<YAML
    ${p%%|*}:
      flow-control: true
      sources: [net]
      filter: '${p#*|}'
      destinations: {out: {type: file, path: "$dir/${p%%|*}.out", template: "$TEMPLATE", log-fifo-size: 100000}}
YAML
    done
  else
    cat <<YAML
    pay:
      flow-control: true
      sources: [net]
      filter: 'program("^pay\$")'
      destinations: {out: {type: python, class: bench_drivers.NullDestination, options: {limit: $((LOOPS * PAY)), done: "$done"}, log-fifo-size: 100000}}
YAML
  fi
}

syslogng_config() { # scenario port dir done
  local s=$1 port=$2 dir=$3 done=$4
  echo "@version: 3.38"
  echo "options { stats-freq(0); keep-hostname(yes); };"
  echo "source net { network(ip(\"127.0.0.1\") port($port) transport(\"tcp\") log-iw-size(10000) max-connections(1)); };"
  if [ "$s" = g ]; then
    for p in "errors|level(err..emerg)" "nginx|program(\"^nginx\$\")" "web|host(\"web-*\" type(glob))"; do
      echo "log { source(net); filter { ${p#*|}; }; destination { file(\"$dir/${p%%|*}.out\" template(\"$TEMPLATE\") log-fifo-size(100000)); }; flags(flow-control); };"
    done
  else
    echo "log { source(net); filter { program(\"^pay\$\"); }; destination { python(class(\"bench_drivers.NullDestination\") options(\"limit\" \"$((LOOPS * PAY))\" \"done\" \"$done\") log-fifo-size(100000)); }; flags(flow-control); };"
  fi
}

run_one() { # who scenario -> "msgs_per_s cpu_s"
  local who=$1 s=$2 port dir done cfg pid start cpu0 secs cpu1
  port=$(free_port); dir="$WORK/routing-$who-$s"; done="$dir/done"
  rm -rf "$dir" "$WORK"/sng.persist*; mkdir -p "$dir"
  if [ "$who" = sluice ]; then
    cfg="$WORK/routing-$s.yaml"; sluice_config "$s" "$port" "$dir" "$done" >"$cfg"
    pid=$(start_sluice "$cfg" "$WORK/routing-sluice-$s.log")
  else
    cfg="$WORK/routing-$s.conf"; syslogng_config "$s" "$port" "$dir" "$done" >"$cfg"
    pid=$(PYTHONPATH="$BENCH_DIR" start_syslogng "$cfg" "$WORK/routing-syslog-ng-$s.log")
  fi
  wait_port "$port"; wait_settled "$pid"
  cpu0=$(cpu_seconds "$pid"); start=$(date +%s%N)
  send_corpus "$CORPUS" "$port" "$N"
  if [ "$s" = g ]; then
    wait_lines "$dir/errors.out" $((LOOPS * ERRORS)) "$start" >/dev/null
    wait_lines "$dir/nginx.out" $((LOOPS * NGINX)) "$start" >/dev/null
    secs=$(wait_lines "$dir/web.out" $((LOOPS * WEB)) "$start")
  else
    wait_file "$done"
    secs=$(awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN{printf "%.3f", (e-s)/1e9}')
  fi
  cpu1=$(cpu_seconds "$pid")
  stop_pid "$pid"
  awk -v n="$N" -v s="$secs" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN{printf "%.0f %.2f\n", n/s, c1-c0}'
}

wait_file() { for _ in $(seq 1 6000); do [ -e "$1" ] && return 0; sleep 0.1; done; echo "WARNING: $1 never appeared" >&2; }

printf "%-12s %s\n" scenario "sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s"
for s in $SCENARIOS; do
  runs="$WORK/routing-$s.runs.$$"
  for i in $(seq 1 "$RUNS"); do
    a=$(run_one sluice "$s"); b=$(run_one syslog-ng "$s")
    echo "$s run $i: sluice ${a% *} msg/s ${a#* } cpu_s | syslog-ng ${b% *} msg/s ${b#* } cpu_s" >&2
    echo "$a $b" >>"$runs"
  done
  col() { awk -v c="$1" '{print $c}' "$runs" | median; }
  name=$([ "$s" = g ] && echo "g.3-paths" || echo "h.10%-python")
  awk -v a="$(col 1)" -v b="$(col 3)" -v c="$(col 2)" -v d="$(col 4)" -v n="$N" -v nm="$name" \
    'BEGIN{printf "%-12s %.0f %.0f %.2f %.2f %.2f   (medians; %d messages)\n", nm, a, b, a/b, c, d, n}'
  rm -f "$runs"
done
