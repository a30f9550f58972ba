#!/usr/bin/env bash
# Builds the station and its tests (installing what they need) and runs every test with ctest.
#   tests/run.sh              build/ with warnings as errors
#   tests/run.sh --sanitize   build/sanitize/ with AddressSanitizer and UBSan (what CI runs)
#   tests/run.sh --gcc        build/gcc/ with gcc and warnings as errors (no fuzzers:
#                             libFuzzer is clang's; CI runs it too)
#   tests/run.sh --arm64      build/arm64/: cross-built for the Pi, tests run under qemu-user
#                             (no fuzzers; CI runs it too)
# Extra arguments go to ctest (e.g. -R csv, or -LE fuzz to skip the fuzzers).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build="$top/build"
options=(-DSTATION_WERROR=ON -DSTATION_FUZZ=ON)
if [ "${1:-}" = --sanitize ]; then
	shift
	build="$top/build/sanitize"
	options+=(-DSTATION_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
setup=("$top/station/setup.sh")
ctest_options=()
if [ "${1:-}" = --gcc ]; then
	shift
	build="$top/build/gcc"
	options=(-DSTATION_WERROR=ON -DSTATION_FUZZ=OFF)
	setup+=(--gcc)
fi
if [ "${1:-}" = --arm64 ]; then
	shift
	build="$top/build/arm64"
	options=(-DSTATION_WERROR=ON -DSTATION_FUZZ=OFF)
	setup+=(--arm64)
	# emulation is slow: use every core
	ctest_options=(--parallel "$(nproc)")
fi
"${setup[@]}" "$build" "${options[@]}"
cd "$build"
ctest --output-on-failure --timeout 600 "${ctest_options[@]+"${ctest_options[@]}"}" "$@"
