#!/usr/bin/python3
"""numpy_analysis.py: the heel-raise analysis of `station analyse`, step for step, as a
straightforward numpy/scipy script would do it; bench_offline times it beside the station
on the same interchange CSV. Not the station's measurement: a yardstick for its speed.

    /usr/bin/python3 tests/analysis/numpy_analysis.py FILE.csv   (prints the reps found)

Steps as in station/analysis: read the CSV (empty COP fields are undefined, so
np.genfromtxt, which takes them as NaN), cut at gaps, find mains hum in the median
spectrum of 1 s Hann windows, notch it out of each plate's force in the frequency
domain, low-pass the total force (5 Hz) and the combined COP (4 Hz) forward and back,
weigh the patient on the first quiet second, find the noise floor, the COP's flat and
forefoot levels, the heels-up intervals, and per rep the height from the force by
impulse-momentum with its 10 % and 90 % crossings.
"""
import sys

import numpy as np
from scipy import signal

G = 9.80665


def read_csv(path):
    rate, skip = None, 0
    with open(path) as f:
        for line in f:
            skip += 1
            if line.startswith("#"):
                if "rate_hz=" in line:
                    rate = float(line.split("=")[1])
                continue
            names = line.strip().split(",")
            break
    data = np.genfromtxt(path, delimiter=",", skip_header=skip, comments="#")
    cols = {name: data[:, i] for i, name in enumerate(names)}
    if rate is None:
        rate = round(1 / np.median(np.diff(cols["t_s"][:100])))
    return rate, cols


def find_hum(total, rate):
    n = int(rate)
    f, _, sxx = signal.spectrogram(total, fs=rate, window="hann", nperseg=n, noverlap=n // 2, detrend="linear")
    power = np.median(sxx, axis=1)
    best, best_ratio = 0, 0.0
    for base in (50, 60):
        harmonics = np.arange(base, rate / 2 + 1e-9, base)
        ratios = []
        for h in harmonics:
            k = int(round(h))
            near = np.r_[power[max(k - 10, 0):max(k - 2, 0)], power[k + 3:k + 11]]
            ratios.append(power[k] / max(np.median(near), 1e-300))
        ratio = ratios[0] if ratios else 0
        if (ratio >= 10 or sum(r >= 10 for r in ratios[1:]) >= 2) and ratio > best_ratio:
            best, best_ratio = base, ratio
    return best


def remove_hum(x, rate, hum):
    pad = int(4 * rate)
    ext = np.r_[2 * x[0] - x[pad:0:-1], x, 2 * x[-1] - x[-2:-pad - 2:-1]]
    spec = np.fft.rfft(ext)
    f = np.fft.rfftfreq(len(ext), 1 / rate)
    gain = np.ones_like(f)
    for h in np.arange(hum, rate / 2 + 1e-9, hum):
        gain *= 1 - np.exp(-0.5 * ((f - h) / 0.3) ** 2)
    return np.fft.irfft(spec * gain, len(ext))[pad:pad + len(x)]


def lowpass(x, rate, cutoff):
    b, a = signal.butter(4, cutoff, fs=rate)
    return signal.filtfilt(b, a, x, padlen=min(len(x) - 1, int(8 * rate / cutoff)))


def first_quiet(smooth, rate):
    w = int(rate)
    c1 = np.cumsum(np.r_[0, smooth])
    c2 = np.cumsum(np.r_[0, smooth ** 2])
    for i in range(0, len(smooth) - w, int(0.1 * rate) + 1):
        m = (c1[i + w] - c1[i]) / w
        sd = np.sqrt(max((c2[i + w] - c2[i]) / w - m * m, 0))
        if m >= 50 and sd <= max(4, 0.015 * m):
            return i, i + w
    return None


def runs(mask):
    edges = np.diff(np.r_[0, mask.astype(np.int8), 0])
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def rep_phases(force, rate, mass, t0):
    a = force / mass - G
    a -= a.mean()  # at rest before and after
    v = np.cumsum(a) / rate
    v -= np.linspace(v[0], v[-1], len(v))
    h = np.cumsum(v) / rate
    h -= np.linspace(h[0], h[-1], len(h))
    top = np.argmax(h)
    H = h[top]
    if H <= 0:
        return None
    up = np.flatnonzero(h[:top + 1] < 0.1 * H)
    start = up[-1] + 1 if len(up) else 0
    high = np.flatnonzero(h >= 0.9 * H)
    down = np.flatnonzero(h[top:] < 0.1 * H)
    end = top + (down[0] if len(down) else len(h) - 1 - top)
    return [t0 + start / rate, t0 + high[0] / rate, t0 + high[-1] / rate, t0 + end / rate, H * 1000]


def analyse_piece(rate, cols, hum):
    left, right = cols["left_fz_n"], cols["right_fz_n"]
    if hum:
        left, right = remove_hum(left, rate, hum), remove_hum(right, rate, hum)
    total = left + right
    smooth = lowpass(total, rate, 5)
    w = np.zeros_like(total)
    s = np.zeros_like(total)
    for side, f in (("left", left), ("right", right)):
        y = cols[side + "_cop_y_mm"]
        ok = ~np.isnan(y) & (f > 0)
        w += np.where(ok, f, 0)
        s += np.where(ok, f * np.nan_to_num(y), 0)
    cop = np.where(w > 0, s / np.where(w > 0, w, 1), np.nan)
    idx = np.where(~np.isnan(cop), np.arange(len(cop)), 0)
    cop = lowpass(cop[np.maximum.accumulate(idx)], rate, 4)
    quiet = first_quiet(smooth, rate)
    qa, qb = quiet if quiet else (0, len(total))
    weight = total[qa:qb].mean()
    hp = total[qa:qb] - lowpass(total[qa:qb], rate, 15) if qb - qa > 100 else total[qa:qb]
    noise = 1.4826 * np.median(np.abs(hp - np.median(hp)))
    loaded = cop[smooth > 0.3 * weight]
    flat, fore = np.quantile(loaded, 0.05), np.quantile(loaded, 0.98)
    up = runs((cop > (flat + fore) / 2) & (smooth > 0.3 * weight))
    reps = []
    for a, b in up:
        if b - a < 0.3 * rate:
            continue
        a0, b0 = max(a - int(1.5 * rate), 0), min(b + int(1.5 * rate), len(total))
        r = rep_phases(left[a0:b0] + right[a0:b0], rate, weight / G, cols["t_s"][a0])
        if r:
            reps.append(r)
    return weight, noise, reps


def main():
    rate, cols = read_csv(sys.argv[1])
    t = cols["t_s"]
    cuts = np.r_[0, np.flatnonzero(np.diff(t) * rate > 1.5) + 1, len(t)]
    longest = np.argmax(np.diff(cuts))
    total = cols["left_fz_n"] + cols["right_fz_n"]
    hum = find_hum(total[cuts[longest]:cuts[longest + 1]], rate)
    reps = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        if b - a >= rate:
            weight, noise, found = analyse_piece(rate, {k: v[a:b] for k, v in cols.items()}, hum)
            reps += found
    print(f"numpy: {len(t)} samples at {rate:g} Hz, hum {hum} Hz, body weight {weight:.1f} N, noise {noise:.2f} N, "
          f"{len(reps)} reps")


if __name__ == "__main__":
    main()
