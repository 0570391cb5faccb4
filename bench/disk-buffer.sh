#!/usr/bin/env bash
# TCP -> file with a reliable disk buffer: loggen sends N messages of SIZE bytes over one TCP
# connection, flow control on. Per run, one after the other:
#   sluice-mem   Sluice without a disk buffer
#   sluice-disk  Sluice with disk-buffer {reliable: true}
#   sng-disk     syslog-ng 3.38 with disk-buffer(reliable(yes))
# Prints per run and the medians, then two lines:
#   f.tcp-disk-file  sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s
#   disk/memory      Sluice with the buffer against Sluice without it
source "$(dirname "$0")/lib.sh"
N=${N:-1000000}
SIZE=${SIZE:-200}
ensure_tools

TEMPLATE='${ISODATE} ${HOST} ${MSGHDR}${MESSAGE}\n'

run_one() { # sluice-mem|sluice-disk|sng-disk -> prints "msgs_per_s cpu_s"
  local who=$1 port out pid cfg buffer=""
  port=$(free_port)
  out="$WORK/$who.out"
  rm -rf "$out" "$WORK"/sng.persist* "$WORK/state/buffers" "$WORK/sng-buffer"
  mkdir -p "$WORK/sng-buffer"
  if [ "$who" != sng-disk ]; then
    [ "$who" = sluice-disk ] && buffer=", disk-buffer: {reliable: true, max-size: 4GiB}"
    cfg="$WORK/sluice-$who.yaml"
    cat >"$cfg" <<YAML
sluice:
  pipelines:
    bench:
      flow-control: true
      sources:
        in: {type: tcp, ip: 127.0.0.1, port: $port}
      destinations:
        out: {type: file, path: "$out", template: "$TEMPLATE"$buffer}
YAML
    pid=$(start_sluice "$cfg" "$WORK/$who.log")
  else
    cfg="$WORK/syslog-ng-disk.conf"
    cat >"$cfg" <<CONF
@version: 3.38
options { stats-freq(0); keep-hostname(yes); };
source s_in { network(ip("127.0.0.1") port($port) transport("tcp") log-iw-size(10000) max-connections(1)); };
destination d_out { file("$out" template("$TEMPLATE")
  disk-buffer(reliable(yes) disk-buf-size(4294967296) mem-buf-size(163840000) dir("$WORK/sng-buffer"))); };
log { source(s_in); destination(d_out); flags(flow-control); };
CONF
    pid=$(start_syslogng "$cfg" "$WORK/syslog-ng.log")
  fi
  measure_loggen "$pid" "$port" "$out"
}

runs="$WORK/disk-buffer.runs.$$"
for i in $(seq 1 "$RUNS"); do
  m=$(run_one sluice-mem); d=$(run_one sluice-disk); g=$(run_one sng-disk)
  echo "run $i: sluice-mem ${m% *} msg/s ${m#* } cpu_s | sluice-disk ${d% *} msg/s ${d#* } cpu_s | syslog-ng-disk ${g% *} msg/s ${g#* } cpu_s" >&2
  echo "$m $d $g" >>"$runs"
done
col() { awk -v c="$1" '{print $c}' "$runs" | median; }
mm=$(col 1); dm=$(col 3); dc=$(col 4); gm=$(col 5); gc=$(col 6)
rm -f "$runs"
echo "scenario sluice_msgs_per_s syslogng_msgs_per_s ratio sluice_cpu_s syslogng_cpu_s"
awk -v a="$dm" -v b="$gm" -v c="$dc" -v d="$gc" -v n="$N" 'BEGIN{printf "f.tcp-disk-file %.0f %.0f %.2f %.2f %.2f   (medians; %d x '"$SIZE"' B, reliable disk buffers)\n", a, b, a/b, c, d, n}'
awk -v a="$dm" -v b="$mm" 'BEGIN{printf "disk/memory %.0f %.0f %.2f   (Sluice with / without the disk buffer)\n", a, b, a/b}'
