#!/usr/bin/env bash
# cold_start.sh: the station's cold start, from exec to its first frame, with SDL's dummy
# video driver (first SDL_RenderPresent, via an LD_PRELOAD shim) and in --headless mode
# (first line printed). Prints figures; asserts nothing.
#   tests/system/cold_start.sh [BUILD_DIR]     (default build/; build/arm64 runs under qemu-user)
#   tests/system/cold_start.sh build/arm64     after tests/run.sh --arm64
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
station="$build/bin/station"
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run=("$station")
cc=(cc)
preload_env=(env)
if file -L "$station" | grep -q aarch64; then
	run=(qemu-aarch64-static "$station")
	cc=(clang --target=aarch64-linux-gnu)
fi
"${cc[@]}" -O2 -shared -fPIC -o "$tmp/shim.so" "$top/tests/system/first_frame_shim.c" -ldl
if [ "${run[0]}" = qemu-aarch64-static ]; then
	run=(qemu-aarch64-static -E "LD_PRELOAD=$tmp/shim.so" "$station")
else
	preload_env=(env "LD_PRELOAD=$tmp/shim.so")
fi

now() { date +%s.%N; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

for _ in $(seq "$runs"); do
	t0=$(now)
	"${preload_env[@]}" SDL_VIDEODRIVER=dummy "${run[@]}" --windowed --plate sim:quiet --seconds 0.1 \
		2>&1 >/dev/null | awk -v t0="$t0" '/^first-present/ {printf "%.0f\n", ($2 - t0) * 1000}'
done | median >"$tmp/frame"
for _ in $(seq "$runs"); do
	t0=$(now)
	{
		read -r _
		t1=$(now)
		cat >/dev/null
	} < <("${run[@]}" --headless --plate sim:quiet --seconds 0.1)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f\n", (b - a) * 1000}'
done | median >"$tmp/headless"
echo "cold start, median of $runs ($(uname -m) host, ${run[0]##*/}):"
echo "  first frame (SDL dummy driver):  $(cat "$tmp/frame") ms"
echo "  first line (--headless):         $(cat "$tmp/headless") ms"
