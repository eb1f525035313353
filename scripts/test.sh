#!/usr/bin/env bash
# Installs what the tests need and runs every test: unit tests everywhere, and the root-only
# end-to-end tests (real namespaces, wireguard-go, the lab) when run as root, as CI does.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tunmux.sln -c Release --nologo -v quiet || exit 1

# The shipped form: Native AOT executables, trim/AOT warnings as errors. The end-to-end tests
# run these (TUNMUX_BIN), not the JIT build.
bash scripts/publish.sh artifacts/native || exit 1
export TUNMUX_BIN="$PWD/artifacts/native/tunmux"

log=$(mktemp)
dotnet test tunmux.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One closing line over all test assemblies, in the form CI reads.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") failed += $(i+1);
         if ($i == "Passed:") passed += $(i+1);
         if ($i == "Skipped:") skipped += $(i+1);
       }
     }
     END { gsub(",", "", passed); printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
rm -f "$log"
exit "$status"
