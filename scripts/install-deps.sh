#!/usr/bin/env bash
# Installs the system packages tunmux needs at run time (with --build, also what publishing
# the Native AOT executables needs; with --test, that and what the tests need).
# Safe to run again: apt-get skips what is already there.
set -euo pipefail

runtime=(
  iproute2        # ip netns / link / addr / route
  wireguard-tools # wg
  wireguard-go    # userspace WireGuard, used when the kernel has no WireGuard module
  nftables        # the lab's NAT (and the direct-mode kill switch later)
  dnsmasq-base    # the lab's DNS server (no system service is enabled)
  curl            # the quick start's requests through the proxies
  tcpdump         # `tunmux check leaks` watches the uplink with it (and the direct-mode tests do)
  procps          # pgrep/ps for diagnostics
  ca-certificates
)
build_only=(
  clang           # Native AOT links the published executables with clang
  zlib1g-dev      # ... against zlib
)
test_only=(
  python3         # urllib client in the proxy conformance tests
  socat           # small TCP clients inside namespaces
  chromium        # the proxy conformance test loads a page through both proxies
  sudo            # the desktop tests start the privileged helper through sudo, as a user would
  dbus            # a private session bus for the keyring tests
  gnome-keyring   # a real Secret Service (org.freedesktop.secrets) for the keyring tests
)

packages=("${runtime[@]}")
case "${1:-}" in
  --build) packages+=("${build_only[@]}") ;;
  --test) packages+=("${build_only[@]}" "${test_only[@]}") ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's kubectl (package kubernetes-client) reads the fake API server in the Kubernetes tests, to
# prove the fake speaks what real clients expect. Another package (the cloud SDK's kubectl) may
# own /usr/bin/kubectl, so it is unpacked into a folder of its own instead of installed over it.
kubectl_root=/opt/tunmux-test/kubernetes-client
if [[ "${1:-}" == "--test" && ! -x "$kubectl_root/usr/bin/kubectl" ]]; then
  download=$(mktemp -d)
  chmod 0755 "$download"
  if ! (cd "$download" && apt-get download -qq kubernetes-client 2>/dev/null); then
    apt-get update -qq
    (cd "$download" && apt-get download -qq kubernetes-client 2>/dev/null)
  fi
  mkdir -p "$kubectl_root"
  dpkg-deb -x "$download"/kubernetes-client_*.deb "$kubectl_root"
  rm -rf "$download"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  # Debian does not ship .NET; Microsoft's package feed does (packages.microsoft.com).
  if ! apt-get install -y -qq dotnet-sdk-10.0 >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK is required. Add Microsoft's Debian package feed and run: apt-get install dotnet-sdk-10.0" >&2
    exit 1
  fi
fi
