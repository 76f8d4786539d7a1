#!/usr/bin/env bash
# Regenerates the EF Core compiled models (src/Core/Persistence/CompiledModels/{Sqlite,Postgres}) after a model
# change; CompiledModelTests fails until this has run. The app picks them up by itself (no UseModel call).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
rm -rf src/Core/Persistence/CompiledModels
dotnet ef dbcontext optimize --project src/Core --context SqliteChildCareDbContext \
  --output-dir Persistence/CompiledModels/Sqlite --namespace ChildCare.Core.Persistence.CompiledModels.Sqlite
dotnet ef dbcontext optimize --project src/Core --context PostgresChildCareDbContext --no-build \
  --output-dir Persistence/CompiledModels/Postgres --namespace ChildCare.Core.Persistence.CompiledModels.Postgres
