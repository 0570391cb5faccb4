#!/usr/bin/env bash
# Python driver scenarios, Sluice then real syslog-ng with equivalent configurations and the same
# bench_drivers.py:
#   a  python-fetcher with LogMessage.parse, no sleep -> file
#   c  tcp (loggen) -> python destination returning True
#   d  tcp (loggen) -> python parser setting two values -> file
#   e  tcp (loggen) -> file with $(python f)
#   f  python-fetcher -> python parser -> python destination (three Python drivers in one pipeline)
#   g  tcp (loggen) -> python parser -> python destination
#   w1 tcp (loggen) -> python destination rendering JSON, workers: 1
#   w2 the same with workers: 2 (each worker in an interpreter of its own in Sluice)
# Prints per run and medians: scenario sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s
# PARSER_WORKERS=2 gives Sluice's python parser (d, f, g) two workers.
# INTERPRETER=shared runs Sluice's drivers in one interpreter (the default is one per driver).
# N messages per run (default 5M: long enough that the figure is the sustained rate; the first
# seconds of Python warm-up are reported separately by run-all). Sourced by run-all for its configs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${N:-5000000}
SCENARIOS=${SCENARIOS:-"a c d e f g w1 w2"}

# Waits until a file exists (or 300 s).
wait_file() { for _ in $(seq 1 3000); do [ -e "$1" ] && return 0; sleep 0.1; done; echo "WARNING: $1 never appeared" >&2; }

sluice_config() { # scenario port out done
  local s=$1 port=$2 out=$3 done=$4
  echo "sluice:"
  echo "  python: {path: [\"$BENCH_DIR\"]${INTERPRETER:+, interpreter: $INTERPRETER}}"
  echo "  pipelines:"
  echo "    bench:"
  echo "      flow-control: true"
  echo "      sources:"
  if [ "$s" = a ] || [ "$s" = f ]; then
    echo "        in: {type: python-fetcher, class: bench_drivers.BenchFetcher, options: {limit: $N}, fetch-no-data-delay: 1s}"
  else
    echo "        in: {type: tcp, ip: 127.0.0.1, port: $port, log-iw-size: 1000000}"  # 10000 a connection (of 100), as syslog-ng's window below
  fi
  case $s in d|f|g) echo "      parsers: [{type: python, class: bench_drivers.TwoValueParser, workers: ${PARSER_WORKERS:-1}}]" ;; esac
  echo "      destinations:"
  case $s in
    a|d) echo "        out: {type: file, path: \"$out\", template: \"\${ISODATE} \${HOST} \${MSGHDR}\${MESSAGE}\\n\", log-fifo-size: 100000}" ;;
    c)   echo "        out: {type: python, class: bench_drivers.NullDestination, options: {limit: $N, done: \"$done\"}, log-fifo-size: 100000}" ;;
    e)   echo "        out: {type: file, path: \"$out\", template: \"\${ISODATE} \$(python bench_drivers.tf) \${MESSAGE}\\n\", log-fifo-size: 100000}" ;;
    f|g) echo "        out: {type: python, class: bench_drivers.CountingDestination, options: {count_file: \"$out\"}, log-fifo-size: 100000}" ;;
    w*)  echo "        out: {type: python, class: bench_drivers.CountingDestination, options: {count_file: \"$out\", json: \"yes\"}, log-fifo-size: 100000, workers: $(workers "$s")}" ;;
  esac
}

# The python destination's workers in scenario w1, w2.
workers() { case $1 in w*) echo "${1#w}" ;; *) echo 1 ;; esac; }

# Lines a run waits for in its output: the count file has one line per 1,000 messages per worker,
# so each worker may leave up to 999 messages uncounted (syslog-ng has one worker).
expected_lines() { case $1 in f|g|w*) echo $(( N / 1000 - ${2:-$(workers "$1")} )) ;; *) echo "$N" ;; esac; }

syslogng_config() { # scenario port out done
  local s=$1 port=$2 out=$3 done=$4 src dst parser=""
  if [ "$s" = a ] || [ "$s" = f ]; then
    src="python-fetcher(class(\"bench_drivers.BenchFetcher\") options(\"limit\" \"$N\") fetch-no-data-delay(1))"
  else
    src="network(ip(\"127.0.0.1\") port($port) transport(\"tcp\") log-iw-size(10000) max-connections(1))"
  fi
  case $s in
    a|d) dst="file(\"$out\" template(\"\${ISODATE} \${HOST} \${MSGHDR}\${MESSAGE}\\n\") log-fifo-size(100000))" ;;
    c)   dst="python(class(\"bench_drivers.NullDestination\") options(\"limit\" \"$N\" \"done\" \"$done\") log-fifo-size(100000))" ;;
    e)   dst="file(\"$out\" template(\"\${ISODATE} \$(python bench_drivers.tf) \${MESSAGE}\\n\") log-fifo-size(100000))" ;;
    f|g) dst="python(class(\"bench_drivers.CountingDestination\") options(\"count_file\" \"$out\") log-fifo-size(100000))" ;;
    # 3.38's python destination has no workers(): syslog-ng runs w1 and w2 with one, the reference for both
    w*)  dst="python(class(\"bench_drivers.CountingDestination\") options(\"count_file\" \"$out\" \"json\" \"yes\") log-fifo-size(100000))" ;;
  esac
  case $s in d|f|g) parser="parser { python(class(\"bench_drivers.TwoValueParser\")); };" ;; esac
  cat <<CONF
@version: 3.38
options { stats-freq(0); keep-hostname(yes); };
log { source { $src; }; $parser destination { $dst; }; flags(flow-control); };
CONF
}

run_one() { # who scenario -> "msgs_per_s cpu_s"
  local who=$1 s=$2 port out done cfg pid
  port=$(free_port); out="$WORK/py-$who-$s.out"; done="$WORK/py-$who-$s.done"
  rm -f "$out" "$done" "$WORK"/sng.persist*
  if [ "$who" = sluice ]; then
    cfg="$WORK/py-$s.yaml"; sluice_config "$s" "$port" "$out" "$done" >"$cfg"
    pid=$(start_sluice "$cfg" "$WORK/py-sluice-$s.log")
  else
    cfg="$WORK/py-$s.conf"; syslogng_config "$s" "$port" "$out" "$done" >"$cfg"
    pid=$(PYTHONPATH="$BENCH_DIR" start_syslogng "$cfg" "$WORK/py-syslog-ng-$s.log")
  fi
  local start cpu0 secs
  if [ "$s" = a ] || [ "$s" = f ]; then
    for _ in $(seq 1 1200); do [ "$(lines_of "$out")" -gt 0 ] && break; sleep 0.05; done
  else
    wait_port "$port"
  fi
  cpu0=$(cpu_seconds "$pid"); start=$(date +%s%N)
  [ "$s" = a ] || [ "$s" = f ] || loggen -Q -S -I 3600 -s 200 -n "$N" -r 1000000000 127.0.0.1 "$port" >/dev/null 2>&1
  if [ "$s" = c ]; then
    wait_file "$done"
    secs=$(awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN{printf "%.3f", (e-s)/1e9}')
  else
    secs=$(wait_lines "$out" "$(expected_lines "$s" "$([ "$who" = sluice ] && workers "$s" || echo 1)")" "$start")
  fi
  local cpu1; cpu1=$(cpu_seconds "$pid")
  stop_pid "$pid"
  awk -v n="$N" -v s="$secs" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN{printf "%.0f %.2f\n", n/s, c1-c0}'
}

label() {
  case $1 in
    a) echo a.python-fetcher ;; c) echo c.python-destination ;; d) echo d.python-parser ;; e) echo e.python-template ;;
    f) echo f.fetcher-parser-destination ;; g) echo g.tcp-parser-destination ;; w*) echo "$1.python-destination-workers-${1#w}" ;;
  esac
}

[[ "${BASH_SOURCE[0]}" == "$0" ]] || return 0
ensure_tools
printf "%s\n" "scenario sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s" >"$WORK/py-summary"
for s in $SCENARIOS; do
  runs="$WORK/py-runs-$s"; : >"$runs"
  for i in $(seq 1 "$RUNS"); do
    a=$(run_one sluice "$s"); b=$(run_one syslog-ng "$s")
    echo "$s run $i: sluice ${a% *} msg/s ${a#* } cpu_s | syslog-ng ${b% *} msg/s ${b#* } cpu_s" >&2
    echo "$a $b" >>"$runs"
  done
  ms=$(awk '{print $1}' "$runs" | median); cs=$(awk '{print $2}' "$runs" | median)
  mg=$(awk '{print $3}' "$runs" | median); cg=$(awk '{print $4}' "$runs" | median)
  awk -v s="$(label "$s")" -v a="$ms" -v b="$mg" -v c="$cs" -v d="$cg" 'BEGIN{printf "%s %.0f %.0f %.2f %.2f %.2f\n", s, a, b, a/b, c, d}' >>"$WORK/py-summary"
done
cat "$WORK/py-summary"
