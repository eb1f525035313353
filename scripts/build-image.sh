#!/usr/bin/env bash
# Builds the tunmux agent image as an OCI archive without any registry or container engine:
# a Debian root filesystem from debootstrap, the packages of packaging/image/Dockerfile, the
# published binaries, then umoci packs it as one layer with the Dockerfile's entrypoint.
#   scripts/build-image.sh [OUT.tar]      (default artifacts/tunmux-image.oci.tar)
# Load it with `podman load -i OUT.tar`, `skopeo copy oci-archive:OUT.tar ...` or
# `ctr images import OUT.tar`. Needs root; installs Debian's debootstrap and umoci when missing.
# TUNMUX_PUBLISH_DIR=DIR takes the binaries from DIR (tunmux, tunmux-proxy-worker, tunmux-port-keeper, tunmux-agent)
# instead of publishing them again. Slow (minutes): not part of CI or the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-artifacts/tunmux-image.oci.tar}")"
tag="${TUNMUX_IMAGE_TAG:-0.1.0}"
suite="${TUNMUX_IMAGE_SUITE:-bookworm}"
mirror="${TUNMUX_IMAGE_MIRROR:-http://deb.debian.org/debian}"
packages=(wireguard-tools wireguard-go iproute2 nftables ca-certificates)

[[ $(id -u) == 0 ]] || { echo "error: run as root (debootstrap and chroot)" >&2; exit 1; }
missing=()
for tool in debootstrap umoci; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /var/tmp/tunmux-image.XXXXXX)
trap 'umount -R "$work/rootfs/proc" 2>/dev/null || true; rm -rf "$work"' EXIT

# 1. The binaries: the native CLI, proxy worker and port keeper, and the agent with its runtime (self-contained JIT).
publish="$work/publish"
if [[ -n "${TUNMUX_PUBLISH_DIR:-}" ]]; then
  for binary in tunmux tunmux-proxy-worker tunmux-port-keeper tunmux-agent; do
    [[ -x "$TUNMUX_PUBLISH_DIR/$binary" ]] || { echo "error: $TUNMUX_PUBLISH_DIR/$binary is missing" >&2; exit 1; }
  done
  mkdir -p "$publish"
  cp -a "$TUNMUX_PUBLISH_DIR/." "$publish/"
else
  # The agent first: its publish also drops JIT apphosts named tunmux and tunmux-proxy-worker
  # (it references the CLI as a library), which the Native AOT executables then replace.
  dotnet publish src/Tunmux.Agent -c Release -r linux-x64 --self-contained -o "$publish" --nologo -v quiet
  bash scripts/publish.sh "$publish"
fi
# Debug symbols stay out of the image.
find "$publish" -name '*.dbg' -delete

# 2. The root filesystem, as debian:bookworm-slim plus the Dockerfile's packages.
debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" "$suite" "$work/rootfs" "$mirror"
chroot "$work/rootfs" apt-get clean
rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin
mkdir -p "$work/rootfs/opt/tunmux" "$work/rootfs/etc/tunmux/secrets" "$work/rootfs/var/lib/tunmux" "$work/rootfs/run/netns" "$work/rootfs/var/run/wireguard"
cp -a "$publish/." "$work/rootfs/opt/tunmux/"
ln -sf /opt/tunmux/tunmux "$work/rootfs/usr/local/bin/tunmux"
ln -sf /opt/tunmux/tunmux-agent "$work/rootfs/usr/local/bin/tunmux-agent"

# 3. The OCI image: one layer holding the root filesystem, the Dockerfile's entrypoint and command.
layout="$work/oci"
umoci init --layout "$layout"
umoci new --image "$layout:$tag"
umoci unpack --image "$layout:$tag" "$work/bundle"
rm -rf "$work/bundle/rootfs"
mv "$work/rootfs" "$work/bundle/rootfs"
umoci repack --image "$layout:$tag" "$work/bundle"
umoci config --image "$layout:$tag" \
  --config.entrypoint /usr/local/bin/tunmux --config.cmd daemon --config.cmd --kubernetes \
  --os linux --architecture amd64 --author tunmux
umoci gc --layout "$layout"

mkdir -p "$(dirname "$out")"
tar -C "$layout" -cf "$out" .
echo "image tunmux:$tag written to $out ($(du -h "$out" | cut -f1))"
