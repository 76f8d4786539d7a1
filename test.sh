#!/usr/bin/env bash
# Runs every test of ChildCare, the PostgreSQL ones included.
#
# scripts/with-postgres.sh provides the database: it installs PostgreSQL (Debian packages) when its server
# binaries are missing, starts a throwaway cluster on a free loopback port, exports its connection string as
# CHILDCARE_TEST_POSTGRES, and always stops and removes the cluster. This script builds in Release and runs
# `dotnet test ChildCare.sln` inside it. The browser tests drive Debian's chromium package, installed here when
# missing (never a downloaded browser). The long reliability tests (Category=LongReliability) are left out:
# scripts/reliability.sh runs them. Extra arguments go to `dotnet test`
# (e.g. ./test.sh --filter FullyQualifiedName~Calendar).
set -euo pipefail
cd "$(dirname "$0")"

# First pass: start the database and run this script again inside it.
if [ -z "${CHILDCARE_TEST_SH_INSIDE:-}" ]; then
  CHILDCARE_TEST_SH_INSIDE=1 exec scripts/with-postgres.sh ./test.sh "$@"
fi

log() { printf '[test.sh] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

# Chromium for the browser tests (Playwright drives this binary), and a colour emoji font so screenshots show
# what phones show.
if [ -z "${CHILDCARE_CHROMIUM:-}" ] && [ ! -x /usr/lib/chromium/chromium ]; then
  log "Chromium not found; installing Debian's chromium package"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
fi

out=$(mktemp /tmp/childcare-test.XXXXXX.log)
trap 'rm -f "$out"' EXIT

log "building"
dotnet build ChildCare.sln -c Release -nologo -clp:ErrorsOnly

# The deployment's programs as the README publishes them (a publish that stops fails the run before any test).
if [ $# -eq 0 ]; then
  log "publishing the Bot and the Scheduler"
  rm -rf artifacts/publish
  dotnet publish src/Bot -c Release --no-build -nologo -clp:ErrorsOnly -o artifacts/publish/bot
  dotnet publish src/Scheduler -c Release --no-build -nologo -clp:ErrorsOnly -o artifacts/publish/scheduler
fi

# The long reliability tests (a two-minute outage, kills under load, several nodes) run with scripts/reliability.sh,
# not here: every filter given is narrowed to leave them out.
long='Category!=LongReliability'
args=()
filtered=
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) args+=(--filter "(${2:?--filter needs a value})&$long"); filtered=1; shift 2 ;;
    --filter=*) args+=(--filter "(${1#--filter=})&$long"); filtered=1; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
[ -n "$filtered" ] || args+=(--filter "$long")

# A test still running after 15 minutes is stopped and named as hung, so a hang fails the run with its name rather
# than running into CI's own time limit with none.
log "running tests"
set +e
dotnet test ChildCare.sln -c Release --no-build -nologo --blame-hang-timeout 15m --blame-hang-dump-type none "${args[@]}" 2>&1 | tee "$out"
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
