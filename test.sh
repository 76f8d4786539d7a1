#!/usr/bin/env bash
# Runs every test of ChildCare, the PostgreSQL ones included.
#
# Installs PostgreSQL (Debian packages) when its server binaries are missing, starts a throwaway cluster
# in a temporary folder on a free loopback port, exports its connection string as CHILDCARE_TEST_POSTGRES,
# runs `dotnet test ChildCare.sln`, and always stops and removes the cluster. Extra arguments go to
# `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Calendar).
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    log "PostgreSQL server not found; installing it from Debian packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then echo "$port"; return; fi
  done
  log "no free port between 55432 and 55532"; exit 1
}

ensure_postgres
PGBIN=$(pg_bin)
PGTMP=$(mktemp -d /tmp/childcare-pg.XXXXXX)
PGPORT=$(free_port)
# initdb refuses to run as root: run the cluster as the postgres user the Debian package creates.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$PGTMP"
  RUN_AS=(runuser -u postgres --)
fi

cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM

log "starting a throwaway PostgreSQL ($("$PGBIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PGPORT"
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U childcare --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
  start >/dev/null
export CHILDCARE_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=childcare;Database=postgres"

log "building"
dotnet build ChildCare.sln -c Release -nologo -clp:ErrorsOnly

log "running tests"
out="$PGTMP/dotnet-test.log"
set +e
dotnet test ChildCare.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies: "N passed, N failed".
totals=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$out" |
  awk -F'[:,]' '{f+=$2; p+=$4; s+=$6} END {printf "%d passed, %d failed, %d skipped", p, f, s}')
echo "tests: ${totals:-0 passed, 0 failed}"
if [ "$status" = 0 ] && ! grep -Eq 'Passed: +[1-9]' "$out"; then
  log "no test ran"; exit 1
fi
exit "$status"
