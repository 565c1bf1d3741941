#!/usr/bin/env bash
# Installs the Debian 12 packages iotprobe builds, tests and benchmarks with.
# Idempotent: packages already installed are skipped, so a second run is quick.
# Never downloads anything but Debian packages (no FetchContent, no vendoring).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git
  libboost-dev libboost-system-dev
  libcurl4-openssl-dev libpugixml-dev libsqlite3-dev sqlite3
  catch2 libpcre2-dev libpcap-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  libmaxminddb-dev
  libpq-dev  # the shared store: --db postgresql://…
  zlib1g-dev
  curl iproute2 util-linux python3
  openssl  # tests: the e2e HTTPS devices' self-signed certificates (openssl req -x509)
)
# The browser test opens the HTML report in headless Chromium (build.sh test sets this).
# The postgres-labelled tests start a throwaway PostgreSQL cluster (initdb, pg_ctl).
if [[ "${IOTPROBE_TEST_DEPS:-0}" == 1 ]]; then
  packages+=(chromium postgresql)
fi
# Benchmarks only (`./build.sh bench`): the peer tools, netem (iproute2), nft and GNU time.
if [[ "${IOTPROBE_BENCH_DEPS:-0}" == 1 ]]; then
  packages+=(wrk tcpdump hyperfine nmap python3-aiohttp nftables time)
fi
# `./build.sh fuzz` only: clang with libFuzzer and the sanitizer runtimes.
if [[ "${IOTPROBE_FUZZ_DEPS:-0}" == 1 ]]; then
  packages+=(clang clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
