#!/usr/bin/env bash
# The reliability and security suite (issue 9): tests/ChildCare.ReliabilityTests, all of it.
#
# Breaks things on purpose against the real programs (the Release builds of src/Bot and src/Scheduler started as
# processes on loopback, talking to the fake Bot API): SIGKILL mid-broadcast, mid-conversation and mid-submission,
# a two-minute Bot API outage, PostgreSQL restarted under load, two Bot and two Scheduler nodes with one of each
# killed; fuzzes the webhook with 10,000 hostile updates; checks access control across every channel. ./test.sh
# runs the quick part too; the long part (xunit trait Category=LongReliability, about 8 minutes) runs only here.
#
# Runs inside scripts/with-postgres.sh, which provides the database and CHILDCARE_TEST_PG_CTL (the script that
# stops and starts it), builds in Release, runs the tests one after another, and prints the figures each test wrote
# to artifacts/reliability/*.txt (each node's output is in artifacts/reliability/logs/). Extra arguments go to
# `dotnet test` (e.g. scripts/reliability.sh --filter FullyQualifiedName~Outage). Exits with dotnet test's code.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHILDCARE_RELIABILITY_INSIDE:-}" ]; then
  CHILDCARE_RELIABILITY_INSIDE=1 exec scripts/with-postgres.sh scripts/reliability.sh "$@"
fi

log() { printf '[reliability.sh] %s\n' "$*" >&2; }

rm -rf artifacts/reliability
log "building"
dotnet build tests/ChildCare.ReliabilityTests -c Release -nologo -clp:ErrorsOnly

log "running the reliability suite"
set +e
dotnet test tests/ChildCare.ReliabilityTests -c Release --no-build -nologo "$@"
status=$?
set -e

for figures in artifacts/reliability/*.txt; do
  [ -e "$figures" ] || continue
  printf '\n== %s\n' "$figures"
  cat "$figures"
done
exit "$status"
