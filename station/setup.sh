#!/usr/bin/env bash
# Shared set-up for the README's commands: installs the Debian packages the station needs
# (only those missing; sudo when not root), then configures and builds with CMake.
#   station/setup.sh [--arm64 | --gcc] BUILD_DIR [CMAKE_OPTION...]
# --arm64 cross-builds for 64-bit Raspberry Pi OS (station/toolchain-aarch64.cmake), with
# Debian's arm64 multiarch packages and qemu-user to run the result here. --gcc builds with
# gcc instead of clang (no libFuzzer there: pass -DSTATION_FUZZ=OFF).
# Idempotent: a second run with nothing to do takes a second or two.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
arm64=0
compiler=clang
if [ "${1:-}" = --arm64 ]; then
	arm64=1
	shift
elif [ "${1:-}" = --gcc ]; then
	compiler=gcc
	shift
fi
build_dir=$1
shift

packages=(build-essential cmake pkg-config clang
          libusb-1.0-0-dev umockdev libumockdev-dev libfftw3-dev libsdl2-dev libsdl2-ttf-dev libpng-dev libsqlite3-dev libcjson-dev zlib1g-dev
          libcairo2-dev poppler-utils libsystemd-dev fonts-dejavu-core
          fonts-wqy-microhei # Chinese, Japanese and Korean names in the report (5 MB; the Pi's package depends on it too)
          lintian # lintian: test_package checks the .deb
          xvfb x11-utils # an X server for test_cli's window on a display, xwininfo to see it
          python3-numpy python3-scipy) # only bench_offline's yardstick script, not the station
# libFuzzer and the sanitizer runtimes for clang live in libclang-rt-N-dev on Debian 12 and later.
clang_major=$( (clang --version 2>/dev/null || true) | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)

missing_packages() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
	done
}

install_packages() {
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "setup: installing $*" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ $arm64 = 1 ]; then
	packages+=(gcc-aarch64-linux-gnu qemu-user-static libc6-dev:arm64 libusb-1.0-0-dev:arm64
		   libfftw3-dev:arm64 libsdl2-dev:arm64 libsdl2-ttf-dev:arm64 libpng-dev:arm64 libcairo2-dev:arm64
		   libsqlite3-dev:arm64 libcjson-dev:arm64 zlib1g-dev:arm64 libsystemd-dev:arm64 libumockdev0:arm64
		   libglib2.0-dev:arm64)
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		echo "setup: adding the arm64 architecture to dpkg" >&2
		$([ "$(id -u)" -eq 0 ] || echo sudo) dpkg --add-architecture arm64
	fi
	set -- -DCMAKE_TOOLCHAIN_FILE="$top/station/toolchain-aarch64.cmake" "$@"
fi
mapfile -t missing < <(missing_packages "${packages[@]}")
[ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
if [ -z "$clang_major" ]; then
	clang_major=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)
fi
mapfile -t missing < <(missing_packages "libclang-rt-${clang_major}-dev")
if [ ${#missing[@]} -gt 0 ]; then
	install_packages "${missing[@]}" || echo "setup: libclang-rt-${clang_major}-dev not available; fuzz targets will be skipped" >&2
fi

# umockdev's arm64 LD_PRELOAD library, for the USB tests under qemu: its package cannot be
# installed beside the native umockdev, so it is unpacked into the build directory.
preload_dir="$build_dir/umockdev-arm64"
if [ $arm64 = 1 ] && [ ! -e "$preload_dir/usr/lib/aarch64-linux-gnu/libumockdev-preload.so.0" ]; then
	mkdir -p "$preload_dir"
	if ! (cd "$preload_dir" && apt-get download -qq umockdev:arm64 2>/dev/null &&
	      dpkg-deb -x umockdev_*_arm64.deb . && rm umockdev_*_arm64.deb); then
		echo "setup: umockdev:arm64 could not be unpacked; test_usb_plate will be skipped" >&2
	fi
fi

# One compiler for the whole of a build (clang unless --gcc), so libFuzzer targets build
# beside the rest.
export CC=$compiler
cmake -S "$top" -B "$build_dir" -DCMAKE_C_COMPILER="$compiler" "$@" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
