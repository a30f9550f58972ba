#!/usr/bin/env bash
# Builds the station's .deb (CPack): for this machine, or with --arm64 cross-built for
# 64-bit Raspberry Pi OS. Installs what the build needs (station/setup.sh).
#   station/package.sh [--arm64]    -> build/package[-arm64]/station_VERSION_ARCH.deb
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
setup=("$top/station/setup.sh")
build="$top/build/package"
if [ "${1:-}" = --arm64 ]; then
	setup+=(--arm64)
	build="$top/build/package-arm64"
fi
"${setup[@]}" "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
	-DSTATION_WERROR=ON -DSTATION_FUZZ=OFF
cd "$build"
cpack -G DEB >/dev/null
ls "$build"/*.deb
