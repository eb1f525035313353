#!/usr/bin/env bash
# Publishes tunmux, its proxy worker and its port keeper as Native AOT executables (no .NET runtime needed on the
# target host) into one folder, default artifacts/native. Trim and AOT warnings are errors.
# Needs clang and zlib1g-dev (scripts/install-deps.sh --build).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/native}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for project in src/Tunmux.Cli src/Tunmux.ProxyWorker src/Tunmux.PortKeeper; do
  dotnet publish "$project" -c Release -r linux-x64 -o "$out" --nologo -v quiet -p:TreatWarningsAsErrors=true
done
# The debug symbols (*.dbg) stay in the folder for crash analysis; the executables are what ships.
ls -l "$out/tunmux" "$out/tunmux-proxy-worker" "$out/tunmux-port-keeper"
