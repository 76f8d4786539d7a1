#!/usr/bin/env bash
# Runs every performance benchmark of issue 21 beside one throwaway PostgreSQL (fsync off) and prints one table of
# figures against their goals. Figures only: nothing here passes or fails. Takes about 55 minutes on 2 cores (the
# national reminder morning alone runs at Telegram's real 30 messages a second; the start-up benchmark leaves one Bot,
# and the floor one library floor, idle for 10 minutes to read its working set, 1 minute with --quick); --quick runs smaller sizes.
#
# Usage: scripts/bench.sh [--quick] [--only NAME[,NAME...]]   names: startup startupr2r floor ingest ingestwarm ingestcpu
#        helpdesk helpdesk16 broadcast30 broadcast300 morning planning. ingestwarm is one Bot node past its tier-1
#        compiling (1,000 updates, then 10 s idle, before the burst). startupr2r starts the Bot as a deployment publishes it
#        (ReadyToRun, -r linux-x64); floor measures bench/LibraryFloor, the decided libraries without ChildCare, with
#        the Bot's runtime and malloc settings, to show how much of the Bot's memory is theirs. ingestcpu gives each Bot node 0.5 CPU of its own (a cgroup quota:
#        needs root), so two nodes on 2 shared cores show what a second node adds. Each benchmark's whole report is kept in artifacts/bench/<name>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

args=("$@")
quick=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --only) only="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--only NAME,...]" >&2; exit 64 ;;
  esac
  shift
done

if [ "${CHILDCARE_TEST_POSTGRES:-}" = "" ]; then
  exec scripts/with-postgres.sh "$0" "${args[@]}"
fi

out=artifacts/bench
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$out"
dotnet build bench/ChildCare.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/EmptyWeb -c Release -nologo -clp:ErrorsOnly >/dev/null
# The compiler and MSBuild servers the builds leave behind would share the 2 cores with the first benchmark.
dotnet build-server shutdown >/dev/null 2>&1 || true
bench=bench/ChildCare.Benchmarks/bin/Release/net10.0/ChildCare.Benchmarks.dll

if $quick; then
  runs=3; messages=3000; officials=2000; units=1000; idle=1
else
  runs=5; messages=10000; officials=16600; units=10000; idle=10
fi

wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

run() {
  local name=$1; shift
  wanted "$name" || return 0
  printf '[bench.sh] %s: %s\n' "$name" "$*" >&2
  local start=$SECONDS
  if ! dotnet "$bench" "$@" >"$out/$name.txt" 2>"$out/$name.log"; then
    printf '| %s | FAILED (see %s/%s.log) | |\n' "$name" "$out" "$name" >>"$out/$name.txt"
  fi
  printf '[bench.sh] %s done in %d s\n' "$name" $((SECONDS - start)) >&2
}

run startup      startup --runs "$runs" --idle-minutes "$idle"
if wanted startupr2r; then
  dotnet publish src/Bot -c Release -r linux-x64 -nologo -clp:ErrorsOnly -o "$out/bot-readytorun" >/dev/null
fi
run startupr2r   startup --runs "$runs" --label "Bot, ReadyToRun publish" --bot-dll "$out/bot-readytorun/ChildCare.Bot.dll"
if wanted floor; then
  dotnet build bench/LibraryFloor -c Release -nologo -clp:ErrorsOnly >/dev/null
fi
run floor        startup --runs "$runs" --idle-minutes "$idle" --label "library floor" \
  --bot-dll bench/LibraryFloor/bin/Release/net10.0/ChildCare.LibraryFloor.dll \
  --bot-env MALLOC_ARENA_MAX=2,MALLOC_MMAP_THRESHOLD_=65536,MALLOC_TRIM_THRESHOLD_=1048576
run ingest       webhook-ingest --nodes 2
run ingestwarm   webhook-ingest --warmup 1000 --pause-s 10
run ingestcpu    webhook-ingest --nodes 2 --node-cpu 0.5
run helpdesk     help-desk --postgres --concurrency 32
run helpdesk16   help-desk --postgres --concurrency 32 --max-pool 16
run broadcast30  telegram-broadcast --limit 30 --messages "$messages" --baseline-messages 3000
run broadcast300 telegram-broadcast --limit 300 --messages "$messages" --postgres --max-concurrent-sends 32 --baseline-messages 3000
run morning      reminder-morning --officials "$officials" --limit 30 --postgres
run planning     deadline-planning --units "$units" --rules 20 --days 400 --postgres

echo
echo "ChildCare benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load before: $load_before"
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); PostgreSQL $(psql --version 2>/dev/null | awk '{print $3}') with fsync off; $(dotnet --version) SDK"
echo
echo "| benchmark | figure | value | goal |"
echo "|---|---|---|---|"
for name in startup startupr2r floor ingest ingestwarm ingestcpu helpdesk helpdesk16 broadcast30 broadcast300 morning planning; do
  [ -f "$out/$name.txt" ] && wanted "$name" || continue
  grep -E '^\|' "$out/$name.txt" | grep -vE '^\|[ -]*(figure|---)' | sed "s/^| */| $name | /" || true
done
