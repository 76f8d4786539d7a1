#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL. Usage: scripts/with-postgres.sh <command> [args...]
#
# Installs PostgreSQL (Debian packages) when its server binaries are missing, starts a cluster in a temporary
# folder on a free loopback port (as the postgres user when run as root: initdb refuses root), exports its
# connection string as CHILDCARE_TEST_POSTGRES (and as CHILDCARE_TEST_PG_CTL a script that stops and starts it),
# runs the command, always stops and removes the cluster, and exits with the command's exit code.
set -euo pipefail

log() { printf '[with-postgres.sh] %s\n' "$*" >&2; }

if [ $# -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 64
fi

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
trap cleanup EXIT
# Exiting runs the EXIT trap, so an interrupted run removes its cluster too.
trap 'exit 130' INT
trap 'exit 143' TERM

PGOPTS="-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
# pg_stat_statements, when installed, lets benchmarks count the statements they cost (CREATE EXTENSION in their database).
if [ -f "$PGBIN/../lib/pg_stat_statements.so" ]; then
  PGOPTS="$PGOPTS -c shared_preload_libraries=pg_stat_statements"
fi
log "starting a throwaway PostgreSQL ($("$PGBIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PGPORT"
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U childcare --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# A start can fail when the port or shared memory of a cluster that just stopped is not free yet: say why (the
# server's log), then try once more on another free port.
if ! "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 -o "$PGOPTS" start >/dev/null; then
  log "PostgreSQL did not start; its log says:"
  tail -n 5 "$PGTMP/server.log" >&2 || true
  sleep 2
  PGPORT=$(free_port)
  PGOPTS="-p $PGPORT ${PGOPTS#-p * }"
  log "trying again on 127.0.0.1:$PGPORT"
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 -o "$PGOPTS" start >/dev/null
fi
export CHILDCARE_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=childcare;Database=postgres"

# Stops and starts this cluster (same port, data and options) for the reliability test that restarts PostgreSQL
# under load: "$CHILDCARE_TEST_PG_CTL stop" (fast: every session is cut) and "$CHILDCARE_TEST_PG_CTL start".
cat >"$PGTMP/pg-ctl" <<EOF
#!/usr/bin/env bash
set -euo pipefail
case "\${1:-}" in
  stop) exec ${RUN_AS[*]} "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w -t 60 stop ;;
  start) exec ${RUN_AS[*]} "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 -o "$PGOPTS" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 64 ;;
esac
EOF
chmod +x "$PGTMP/pg-ctl"
export CHILDCARE_TEST_PG_CTL="$PGTMP/pg-ctl"

set +e
"$@"
status=$?
set -e
exit "$status"
