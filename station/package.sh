#!/usr/bin/env bash
# Builds the station's .deb (CPack): for this machine, or with --arm64 cross-built for
# 64-bit Raspberry Pi OS. Installs what the build needs (station/setup.sh). Compiled with
# Debian's hardening flags (dpkg-buildflags, hardening=+all), as a Debian build would be.
#   station/package.sh [--arm64]    -> build/package[-arm64]/station_VERSION_ARCH.deb
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
setup=("$top/station/setup.sh")
build="$top/build/package"
arch=amd64 cc=cc
if [ "${1:-}" = --arm64 ]; then
	setup+=(--arm64)
	build="$top/build/package-arm64"
	arch=arm64 cc=aarch64-linux-gnu-gcc
fi
flags() { CC=$cc DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-architecture -a"$arch" -c dpkg-buildflags --get "$1"; }
"${setup[@]}" "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
	-DSTATION_WERROR=ON -DSTATION_FUZZ=OFF \
	-DCMAKE_C_FLAGS="$(flags CPPFLAGS) $(flags CFLAGS)" -DCMAKE_EXE_LINKER_FLAGS="$(flags LDFLAGS)"
cd "$build"
cpack -G DEB >/dev/null
ls "$build"/*.deb
