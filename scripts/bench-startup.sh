#!/usr/bin/env bash
# Prints cold start to healthy on the embedded default (fresh SQLite file each run, Release build) and
# the resident memory after start. Usage: scripts/bench-startup.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build src/Bot -c Release -nologo -clp:ErrorsOnly >/dev/null
dll=src/Bot/bin/Release/net10.0/ChildCare.Bot.dll
port=5599
times=(); rss=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s.%N)
  ConnectionStrings__ChildCare="Data Source=$dir/childcare.db" Urls="http://127.0.0.1:$port" \
    dotnet "$dll" >"$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.05
  done
  end=$(date +%s.%N)
  sleep 2
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')")
  rss+=("$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "cold start to healthy (s): ${times[*]}"
echo "median cold start: $(median "${times[@]}") s over $runs runs"
echo "resident memory 2 s after healthy (MB): ${rss[*]}; median $(median "${rss[@]}") MB"
