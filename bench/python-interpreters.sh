#!/usr/bin/env bash
# What a Python interpreter (GraalPy Context) costs in Sluice: K pipelines behind one shared TCP
# source, each with a python destination, so K contexts on the one shared engine (DESIGN §5). For
# each K prints start-up to ready (launch until the port accepts), the first and the median later
# context's start-up, RSS when ready and after M messages (each message reaches every pipeline),
# and the RSS each interpreter adds: (RSS(K) - RSS(1)) / (K - 1).
#   INTERPRETERS="1 5 20" M=100000 bench/python-interpreters.sh
source "$(dirname "$0")/lib.sh"
INTERPRETERS=${INTERPRETERS:-"1 5 20"}
M=${M:-100000}
ensure_tools

config() { # k port dir
  local k=$1 port=$2 dir=$3 i
  printf 'sluice:\n  python: {path: ["%s"]}\n  sources:\n    net: {type: tcp, ip: 127.0.0.1, port: %s}\n  pipelines:\n' "$BENCH_DIR" "$port"
  for i in $(seq 1 "$k"); do
    printf '    p%s:\n      flow-control: true\n      sources: [net]\n      destinations: {out: {type: python, class: bench_drivers.NullDestination, persist-name: p%s, options: {limit: %s, done: "%s/done.%s"}}}\n' \
      "$i" "$i" "$M" "$dir" "$i"
  done
}

printf "%-4s %s\n" K "ready_s first_context_ms later_context_ms rss_ready_MiB rss_after_MiB"
rss1=""
for k in $INTERPRETERS; do
  port=$(free_port); dir="$WORK/interpreters-$k"; rm -rf "$dir"; mkdir -p "$dir"
  cfg="$dir/sluice.yaml"; log="$dir/sluice.log"; config "$k" "$port" "$dir" >"$cfg"
  t0=$(date +%s%N)
  pid=$(start_sluice "$cfg" "$log")
  wait_port "$port" 6000 "$pid" || { tail -20 "$log" >&2; exit 1; }  # K contexts start one by one
  ready=$(awk -v s="$t0" -v e="$(date +%s%N)" 'BEGIN{printf "%.1f", (e-s)/1e9}')
  rss_ready=$(rss_mib "$pid")
  mapfile -t ms < <(grep -o 'ready in [0-9]* ms' "$log" | awk '{print $3}')
  first=${ms[0]:-?}
  later=-; [ "${#ms[@]}" -gt 1 ] && later=$(printf '%s\n' "${ms[@]:1}" | median)
  python3 -c 'import socket, sys
line = b"<13>Oct 11 22:14:15 host app[1]: interpreter bench line\n"
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(line * int(sys.argv[2]))
s.close()' "$port" "$M"
  for i in $(seq 1 "$k"); do
    for _ in $(seq 1 3000); do [ -e "$dir/done.$i" ] && break; sleep 0.1; done
    [ -e "$dir/done.$i" ] || echo "WARNING: pipeline p$i did not finish" >&2
  done
  rss_after=$(rss_mib "$pid")
  stop_pid "$pid"
  printf "%-4s %s %s %s %s %s\n" "$k" "$ready" "$first" "$later" "$rss_ready" "$rss_after"
  if [ -z "$rss1" ]; then rss1=$rss_after; k1=$k
  else awk -v a="$rss_after" -v b="$rss1" -v k="$k" -v k1="$k1" 'BEGIN{printf "     each interpreter beyond the first adds %.0f MiB (after traffic)\n", (a-b)/(k-k1)}'; fi
done
