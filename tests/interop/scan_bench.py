"""The scan benchmark: how often a checkpoint QR still decodes after a harsh
capture, per preset and capture width, with two independent decoders.

    target/interop-venv/bin/python tests/interop/scan_bench.py [--trials 24]

Each proof (from `cargo run --release -p vidi-core --example scan_corpus`:
the reference citizen and the long-name citizen, a fresh proof per trial) is
drawn by segno at ECC M and its smallest version, then captured badly:

- the code and its 4-module quiet zone fill a camera crop W pixels wide,
  placed at a random sub-module offset;
- Gaussian blur (sigma 1.6 px; 1.4 px at the 260-pixel width, as in the
  measurements that set the goal);
- a contrast loss: black becomes 40, white 215;
- sensor noise, Gaussian, sigma 10;
- JPEG at quality 50.

zbar (`zbarimg`) and zxing-cpp then read it; a read counts only when the text
is exactly the proof. Random Base45 payloads of 552 characters (the EU DCC's
median, version 15) are measured the same way for comparison. Every random
choice comes from a seeded generator, so a run repeats exactly.

Prints a Markdown table of reads per preset and width (docs/performance.md).
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import segno
import zxingcpp
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
WIDTHS = (400, 300, 260)
DCC_CHARS = 552
MODULE_PX = 8
QUIET_MODULES = 4


@dataclass(frozen=True)
class Capture:
    """How badly a code is captured."""

    width: int
    blur: float
    noise: float = 10.0
    black: int = 40
    white: int = 215
    jpeg_quality: int = 50


def capture_for(width: int) -> Capture:
    return Capture(width=width, blur=1.4 if width <= 260 else 1.6)


def draw(text: str) -> tuple[Image.Image, int]:
    """The code at ECC M, alphanumeric, smallest version; and that version."""
    qr = segno.make_qr(text, error="m", mode="alphanumeric", boost_error=False)
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=MODULE_PX, border=QUIET_MODULES + 1)
    return Image.open(buf).convert("L"), qr.version


def degrade(code: Image.Image, capture: Capture, rng: np.random.Generator) -> Image.Image:
    """The code as a cheap camera in dim light would hand it to a decoder."""
    # One spare module of border lets the crop start anywhere within it.
    dx, dy = rng.uniform(0, MODULE_PX, size=2)
    side = code.width - 2 * MODULE_PX
    crop = code.transform(
        (side, side), Image.Transform.AFFINE, (1, 0, dx, 0, 1, dy), resample=Image.Resampling.BILINEAR
    )
    small = crop.resize((capture.width, capture.width), Image.Resampling.LANCZOS)
    blurred = small.filter(ImageFilter.GaussianBlur(capture.blur))
    pixels = np.asarray(blurred, dtype=np.float64) / 255.0
    pixels = capture.black + pixels * (capture.white - capture.black)
    pixels += rng.normal(0.0, capture.noise, size=pixels.shape)
    noisy = Image.fromarray(np.clip(pixels, 0, 255).round().astype(np.uint8), mode="L")
    out = io.BytesIO()
    noisy.save(out, format="JPEG", quality=capture.jpeg_quality)
    return Image.open(io.BytesIO(out.getvalue()))


def read_zxing(image: Image.Image, text: str) -> bool:
    return any(r.text == text for r in zxingcpp.read_barcodes(image))


def read_zbar(image: Image.Image, text: str, scratch: Path) -> bool:
    path = scratch / "capture.png"
    image.save(path)
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return text in out.stdout.splitlines()


def corpus(trials: int) -> list[tuple[str, str, str]]:
    """(who, preset, text) from the scan_corpus example."""
    out = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "vidi-core", "--example", "scan_corpus", str(trials)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in out.stdout.splitlines():
        who, preset, text = line.split("\t")
        rows.append((who, preset, text))
    return rows


def random_payloads(trials: int, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    body = DCC_CHARS - len("HC1:")
    return [
        ("random", f"{DCC_CHARS} chars", "HC1:" + "".join(rng.choice(list(BASE45), size=body)))
        for _ in range(trials)
    ]


def capacity(version: int) -> int:
    """Most alphanumeric characters a code of `version` holds at ECC M."""
    lo, hi = 1, 4296
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            segno.make_qr("A" * mid, error="m", mode="alphanumeric", version=version, boost_error=False)
            lo = mid
        except segno.DataOverflowError:
            hi = mid - 1
    return lo


def filled_payloads(versions, trials: int, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """Random Base45 text filling each version: the calibration the goal was set with."""
    return [
        ("filled", f"v{v}", "".join(rng.choice(list(BASE45), size=capacity(v))))
        for v in versions
        for _ in range(trials)
    ]


def measure(rows, widths, seed: int):
    """{(who, preset): {"version", "chars", width: (zbar, zxing, n)}}."""
    rng = np.random.default_rng(seed)
    results: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for who, preset, text in rows:
            code, version = draw(text)
            entry = results.setdefault((who, preset), {"version": set(), "chars": [], "reads": {}})
            entry["version"].add(version)
            entry["chars"].append(len(text))
            for width in widths:
                image = degrade(code, capture_for(width), rng)
                z, x, n = entry["reads"].get(width, (0, 0, 0))
                entry["reads"][width] = (
                    z + read_zbar(image, text, Path(scratch)),
                    x + read_zxing(image, text),
                    n + 1,
                )
    return results


def table(results, widths) -> str:
    head = "| code | version | chars | " + " | ".join(f"{w} px zbar / zxing" for w in widths) + " |"
    lines = [head, "|" + "---|" * (3 + len(widths))]
    for (who, preset), entry in results.items():
        versions = "/".join(f"v{v}" for v in sorted(entry["version"]))
        chars = sorted(entry["chars"])[len(entry["chars"]) // 2]
        cells = []
        for w in widths:
            z, x, n = entry["reads"][w]
            cells.append(f"{z}/{n} · {x}/{n}")
        lines.append(f"| {who} `{preset}` | {versions} | {chars} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=24, help="proofs per preset and citizen (default 24)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)), help="capture widths in pixels")
    parser.add_argument("--seed", type=int, default=1, help="seed of the degradations")
    parser.add_argument(
        "--calibrate",
        metavar="VERSIONS",
        help="measure random text filling these versions instead (e.g. 9-13), to compare captures",
    )
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    if not shutil.which("zbarimg"):
        print("scan_bench: zbarimg is missing (apt-get install zbar-tools)", file=sys.stderr)
        return 2
    widths = [int(w) for w in args.widths.split(",")]
    rng = np.random.default_rng(args.seed)
    if args.calibrate:
        first, _, last = args.calibrate.partition("-")
        rows = filled_payloads(range(int(first), int(last or first) + 1), args.trials, rng)
    else:
        rows = corpus(args.trials) + random_payloads(args.trials, rng)
    results = measure(rows, widths, args.seed)
    if args.json:
        print(json.dumps([
            {"who": who, "preset": preset, "versions": sorted(e["version"]),
             "reads": {str(w): {"zbar": e["reads"][w][0], "zxing": e["reads"][w][1], "of": e["reads"][w][2]}
                       for w in widths}}
            for (who, preset), e in results.items()
        ], indent=2))
    else:
        print(table(results, widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
