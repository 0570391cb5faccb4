#!/usr/bin/env bash
# TCP → file: loggen sends N messages of SIZE bytes over one TCP connection; Sluice and then real
# syslog-ng, with equivalent configurations (flow control on, same template), write them to a file.
# Prints per run and the medians: msg/s, CPU seconds of the server, and the ratio Sluice/syslog-ng.
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
SIZE=${SIZE:-200}
ensure_tools

TEMPLATE='${ISODATE} ${HOST} ${MSGHDR}${MESSAGE}\n'

run_one() { # sluice|syslog-ng -> prints "msgs_per_s cpu_s"
  local who=$1 port out pid cfg
  port=$(free_port)
  out="$WORK/$who.out"
  rm -f "$out" "$WORK"/sng.persist*
  if [ "$who" = sluice ]; then
    cfg="$WORK/sluice-tcp-file.yaml"
    cat >"$cfg" <<YAML
sluice:
  pipelines:
    bench:
      flow-control: true
      sources:
        in: {type: tcp, ip: 127.0.0.1, port: $port}
      destinations:
        out: {type: file, path: "$out", template: "$TEMPLATE"}
YAML
    pid=$(start_sluice "$cfg" "$WORK/sluice.log")
  else
    cfg="$WORK/syslog-ng-tcp-file.conf"
    cat >"$cfg" <<CONF
@version: 3.38
options { stats-freq(0); keep-hostname(yes); };
source s_in { network(ip("127.0.0.1") port($port) transport("tcp") log-iw-size(10000) max-connections(1)); };
destination d_out { file("$out" template("$TEMPLATE") log-fifo-size(100000)); };
log { source(s_in); destination(d_out); flags(flow-control); };
CONF
    pid=$(start_syslogng "$cfg" "$WORK/syslog-ng.log")
  fi
  measure_loggen "$pid" "$port" "$out"
}

for i in $(seq 1 "$RUNS"); do
  s=$(run_one sluice); g=$(run_one syslog-ng)
  echo "run $i: sluice ${s% *} msg/s ${s#* } cpu_s | syslog-ng ${g% *} msg/s ${g#* } cpu_s" >&2
  echo "$s $g" >>"$WORK/tcp-file.runs.$$"
done
ms=$(awk '{print $1}' "$WORK/tcp-file.runs.$$" | median); cs=$(awk '{print $2}' "$WORK/tcp-file.runs.$$" | median)
mg=$(awk '{print $3}' "$WORK/tcp-file.runs.$$" | median); cg=$(awk '{print $4}' "$WORK/tcp-file.runs.$$" | median)
rm -f "$WORK/tcp-file.runs.$$"
printf "%-12s %s %s\n" scenario "sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s" ""
awk -v a="$ms" -v b="$mg" -v c="$cs" -v d="$cg" -v n="$N" 'BEGIN{printf "b.tcp-file   %.0f %.0f %.2f %.2f %.2f   (medians of runs; %d x '"$SIZE"' B)\n", a, b, a/b, c, d, n}'
