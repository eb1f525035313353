#!/usr/bin/env bash
# Installs tunmux as a host service: the binary (built by quickstart.sh or here), the group
# whose members may use the control socket, and the systemd units. Starts them when systemd runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $EUID -ne 0 ]]; then
  echo "run as root" >&2
  exit 1
fi

# The Native AOT executables (tunmux, its proxy worker and port keeper); an older install lacks the helpers.
if [[ ! -x /opt/tunmux/tunmux || ! -x /opt/tunmux/tunmux-proxy-worker || ! -x /opt/tunmux/tunmux-port-keeper ]]; then
  bash scripts/install-deps.sh --build
  bash scripts/publish.sh /opt/tunmux
fi
ln -sf /opt/tunmux/tunmux /usr/local/bin/tunmux
cp README.md /opt/tunmux/README.md

getent group tunmux >/dev/null || groupadd --system tunmux
install -d -m 0755 /etc/tunmux
# Settings are kept across reinstalls: an existing config.toml is never overwritten.
[[ -e /etc/tunmux/config.toml ]] || install -m 0644 packaging/config.toml /etc/tunmux/config.toml
install -m 0644 packaging/systemd/tunmux.service /etc/systemd/system/tunmux.service
install -m 0644 packaging/systemd/tunmux.socket /etc/systemd/system/tunmux.socket

if [[ -d /run/systemd/system ]]; then
  systemctl daemon-reload
  systemctl enable --now tunmux.socket tunmux.service
  echo "tunmux is running: systemctl status tunmux; add users to group tunmux to let them use it."
else
  echo "units installed in /etc/systemd/system; this machine does not run systemd, start 'tunmux daemon' another way."
fi
