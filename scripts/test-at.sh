#!/usr/bin/env bash
# Runs every test (./test.sh) with the clock of every process moved to a given date, to show that no test depends
# on the day it runs: scripts/test-at.sh '2027-01-02 10:00:00' [test.sh arguments...].
#
# libfaketime (Debian's faketime package, installed here when missing) moves the clock by a fixed offset, so time
# still passes normally from the given moment on; the offset covers the test processes, the Bot processes they start,
# PostgreSQL and Chromium alike. Every clock is moved, the monotonic one too: .NET and the test host disagree
# otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
at=${1:?usage: scripts/test-at.sh 'YYYY-MM-DD HH:MM:SS' [test.sh arguments...]}
shift

lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
if [ ! -e "$lib" ]; then
  echo "[test-at.sh] installing Debian's faketime package" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; fi
fi

offset=$(( $(date -d "$at" +%s) - $(date +%s) ))
export LD_PRELOAD=$lib FAKETIME="+${offset}" VSTEST_CONNECTION_TIMEOUT=300
echo "[test-at.sh] the clock reads $(date -u '+%Y-%m-%d %H:%M:%S UTC')" >&2
exec ./test.sh "$@"
