#!/usr/bin/env bash
# The Sluice benchmark in one command (Debian 12, as root or with sudo): installs the peers,
# builds Sluice and the load client, and runs every workload against Sluice and each peer.
#   bench/run.sh [--repeat N] [--only sluice,lighttpd,...]
#   bench/run.sh --link [--passes N] [--profiles gigabit,wifi,mixed]   (the emulated LAN, link.py)
# Results: bench/results/<date>-<commit>.md and bench/results/latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
peers=(nginx-light lighttpd h2o python3 python3-tornado wrk curl xvfb xauth g++ procps iproute2 ethtool)
missing=()
for p in "${peers[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
# Packaged servers start themselves on install; the benchmark runs its own copies on loopback.
for service in nginx lighttpd h2o; do as_root systemctl stop "$service" 2>/dev/null || true; done

tools/sluice-setup build
g++ -O2 -std=c++20 -Wall -Wextra -o build/loadclient bench/loadclient.cpp
if [ "${1:-}" = "--link" ]; then
    shift
    exec /usr/bin/python3 bench/link.py --sluice build/src/app/sluice --loadclient build/loadclient "$@"
fi
exec /usr/bin/python3 bench/bench.py --sluice build/src/app/sluice --loadclient build/loadclient "$@"
