#!/usr/bin/env bash
# Cold start to healthy and peak working set of the Bot on the embedded default (SQLite, no Telegram token,
# Release build) beside an empty ASP.NET Core app (bench/EmptyWeb), started alternately in one run; prints
# `| figure | value | goal |` lines with the ratios. Usage: scripts/bench-startup.sh [runs=5] [more options of
# `bench startup`, e.g. --idle-minutes 10]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
dotnet build bench/ChildCare.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
exec dotnet bench/ChildCare.Benchmarks/bin/Release/net10.0/ChildCare.Benchmarks.dll startup --runs "$runs" "$@"
