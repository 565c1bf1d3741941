#!/usr/bin/env bash
# The README's main job on what exists so far. It says exactly what it does.
set -euo pipefail
build_dir=${1:-build}
bin="$build_dir/prober/iotprobe"
echo "demo: the mock fleet and the daily batch are not built yet; showing the CLI."
"$bin" --help
