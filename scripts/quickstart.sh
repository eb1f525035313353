#!/usr/bin/env bash
# One command from a fresh Debian 12 (as root) to two working VPN exits on a local lab:
# installs what tunmux needs, builds and installs tunmux, starts the lab, applies
# examples/lab.yaml, and shows curl going out through each exit's SOCKS5 and HTTP proxy.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $EUID -ne 0 ]]; then
  echo "run as root: tunmux creates network namespaces and interfaces" >&2
  exit 1
fi

bash scripts/install-deps.sh --build

echo "== building tunmux (Native AOT: tunmux, tunmux-proxy-worker and tunmux-port-keeper, no .NET runtime needed to run them)"
bash scripts/publish.sh /opt/tunmux
ln -sf /opt/tunmux/tunmux /usr/local/bin/tunmux

echo "== starting the lab (two local WireGuard exits)"
tunmux lab up --exits 2

echo "== applying examples/lab.yaml"
tunmux apply -f examples/lab.yaml
tunmux status

echo "== requests through each exit (the endpoint answers with the address it saw)"
for i in 1 2; do
  socks=$((1079 + i)); http=$((8117 + i))
  via_socks=$(curl -sS --max-time 10 --socks5-hostname "127.0.0.1:$socks" http://whoami.lab/)
  via_http=$(curl -sS --max-time 10 --proxy "http://127.0.0.1:$http" http://whoami.lab/)
  echo "lab-$i: SOCKS5 127.0.0.1:$socks -> $via_socks   HTTP 127.0.0.1:$http -> $via_http"
done

cat <<'DONE'

Two exits are running. Try:
  curl --socks5-hostname 127.0.0.1:1080 http://whoami.lab/
  tunmux get proxies -o wide
Tear everything down with:
  tunmux delete --all && tunmux lab down
DONE
