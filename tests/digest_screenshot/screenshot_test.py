#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Issue 7 proof: a sample digest rendered to HTML, photographed by headless Chromium.

Runs the sample renderer, takes a screenshot with Chromium and checks that the PNG is a real
picture of the digest: the requested size, many distinct rows (not blank), and the colours of the
chart bars (first tag's colour, the confrontational red and the cooperative green), so a template
that stops drawing the charts fails. Exits 77 (skipped) when Chromium is not installed.
Usage: screenshot_test.py --sample BIN --chromium PATH --out DIR
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

WIDTH, HEIGHT = 720, 3200  # tall enough for the whole sample digest
# Colours the default templates draw solid bars with (daemon/digest/detail/digest_view.cpp).
EXPECTED_COLOURS = {
    "first tag (#4e79a7)": (0x4E, 0x79, 0xA7),
    "confrontational (#c62828)": (0xC6, 0x28, 0x28),
    "cooperative (#2e7d32)": (0x2E, 0x7D, 0x32),
    "header (#263238)": (0x26, 0x32, 0x38),
}


def decode_png(data):
    """(width, height, rows of RGB(A) bytes): 8-bit RGB or RGBA, non-interlaced, as Chromium writes."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unexpected PNG format: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            raise ValueError(f"bad filter type {kind} in row {y}")
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", required=True)
    parser.add_argument("--chromium", default="")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    chromium = args.chromium if args.chromium and os.path.exists(args.chromium) else shutil.which("chromium")
    if not chromium:
        print("SKIP: chromium is not installed")
        return 77

    os.makedirs(args.out, exist_ok=True)
    subprocess.run([args.sample, args.out], check=True, timeout=30)
    html = os.path.join(args.out, "digest.html")
    png = os.path.join(args.out, "digest.png")
    if os.path.exists(png):
        os.remove(png)
    with tempfile.TemporaryDirectory(prefix="newswatch-chromium-") as profile:
        env = dict(os.environ, HOME=profile)
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--disable-extensions", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={WIDTH},{HEIGHT}",
             "file://" + os.path.abspath(html)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
    if not os.path.exists(png):
        print(result.stdout.decode(errors="replace")[-3000:])
        print(f"FAIL: chromium wrote no screenshot (exit {result.returncode})")
        return 1

    with open(png, "rb") as f:
        width, height, bpp, rows = decode_png(f.read())
    failures = []
    if (width, height) != (WIDTH, HEIGHT):
        failures.append(f"screenshot is {width}x{height}, asked for {WIDTH}x{HEIGHT}")
    distinct_rows = len(set(rows))
    if distinct_rows < 300:
        failures.append(f"only {distinct_rows} distinct pixel rows: the page looks blank")
    found = {name: 0 for name in EXPECTED_COLOURS}
    for row in rows[::2]:
        for x in range(0, len(row), bpp * 2):
            pixel = (row[x], row[x + 1], row[x + 2])
            for name, colour in EXPECTED_COLOURS.items():
                if all(abs(p - c) <= 3 for p, c in zip(pixel, colour)):
                    found[name] += 1
    for name, count in found.items():
        if count < 20:
            failures.append(f"colour {name} is (almost) absent: {count} sampled pixels")
    print(f"{png}: {width}x{height}, {distinct_rows} distinct rows, colour samples {found}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
