# Shared by bench/daemon.sh and bench/proxy.sh (source it; it defines functions only).

# Exits unless root; $1 names the script, $2 says what needs root.
bench_require_root() {
  if ((EUID != 0)); then
    echo "$1 needs root ($2)" >&2
    exit 1
  fi
}

# Installs the Debian packages among "$@" that are missing, quietly; no service is started by us.
bench_install_missing() {
  local package missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Builds each project "$2..." in Release into the artifacts folder $1.
bench_build() {
  local build_dir=$1 project
  shift
  echo "building ${*##*/} (Release) into $build_dir" >&2
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  for project in "$@"; do
    dotnet build "$project" -c Release --nologo -v quiet --artifacts-path "$build_dir" >&2
  done
}
