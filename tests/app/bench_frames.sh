#!/usr/bin/env bash
# bench_frames.sh: the station's frame times and longest stall at 800x480 and 1920x1080,
# drawn in software (SDL's offscreen video driver, no display needed), from
# `station --demo --stats`: a demo session each, its figures printed one a line after
# the size ("1920x1080 frame p99 3.1 ms"). It prints, it does not judge: the figures
# depend on the machine and its load (ctest runs it with --fast to check that it works).
#   tests/app/bench_frames.sh STATION [--fast] [SESSIONS]
# Real time (no --fast) a session takes about 4 minutes a size and the rep verdicts'
# delays are measured too.
set -euo pipefail
station=${1:?usage: bench_frames.sh STATION [--fast] [SESSIONS]}
shift
fast=()
if [ "${1:-}" = --fast ]; then
	fast=(--fast)
	shift
fi
sessions=${1:-1}
for size in 800x480 1920x1080; do
	out=$(SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy STATION_RENDERER=software \
		"$station" --demo --exit-after "$sessions" --size "$size" --stats "${fast[@]+"${fast[@]}"}" 2>/dev/null) || {
		echo "bench_frames: station --demo --size $size failed" >&2
		exit 1
	}
	for figure in "frame p50" "frame p99" "frame max" "longest stall"; do
		grep -q "^$figure " <<<"$out" || { echo "bench_frames: no '$figure' at $size" >&2; exit 1; }
	done
	sed "s/^/$size /" <<<"$out"
done
