"""QR codes drawn by `vidi qr` decode back with independent decoders (zbar,
zxing-cpp), are alphanumeric at ECC M, and are at the smallest version that
fits according to segno."""
import shutil
import subprocess

import pytest
import segno
import zxingcpp
from PIL import Image

from conftest import CASES, version_goal, vidi


@pytest.mark.parametrize("fmt,preset", CASES)
def test_zbar_reads_the_png(proofs, fmt, preset, tmp_path):
    assert shutil.which("zbarimg"), "zbar-tools is installed by scripts/test.sh"
    png = tmp_path / f"{preset}.png"
    vidi("qr", proofs[(fmt, preset)], "--png", str(png))
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == proofs[(fmt, preset)]


@pytest.mark.parametrize("fmt,preset", CASES)
def test_zxing_reads_text_and_level(proofs, fmt, preset, tmp_path):
    png = tmp_path / f"{preset}.png"
    vidi("qr", proofs[(fmt, preset)], "--png", str(png))
    results = zxingcpp.read_barcodes(Image.open(png))
    assert len(results) == 1
    result = results[0]
    assert result.text == proofs[(fmt, preset)]
    assert result.ec_level == "M"
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    assert result.content_type == zxingcpp.ContentType.Text


@pytest.mark.parametrize("fmt,preset", CASES)
def test_version_is_minimal_per_segno(proofs, inspected, fmt, preset):
    text = proofs[(fmt, preset)]
    assert text.startswith(f"VD{fmt}:")
    qr = segno.make_qr(text, error="m", mode="alphanumeric", boost_error=False)
    assert qr.version == inspected[(fmt, preset)]["qr_version"]
    assert qr.version <= version_goal(fmt, preset)


@pytest.mark.parametrize("fmt,preset", CASES)
def test_svg_is_wellformed(proofs, fmt, preset, tmp_path):
    svg = tmp_path / f"{preset}.svg"
    vidi("qr", proofs[(fmt, preset)], "--svg", str(svg))
    import xml.etree.ElementTree as ET
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
