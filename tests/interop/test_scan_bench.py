"""The scan benchmark's capture is harsh but fair: a small code captured at
400 pixels still reads with both decoders, a large one at 260 pixels reads
with neither, and the same seed repeats the same images."""
import numpy as np
import segno

import scan_bench as bench


def payload(version, seed=7):
    rng = np.random.default_rng(seed)
    return "".join(rng.choice(list(bench.BASE45), size=bench.capacity(version)))


def test_capacity_is_the_largest_text_that_fits():
    for version in (9, 11, 15):
        n = bench.capacity(version)
        assert segno.make_qr("A" * n, error="m", mode="alphanumeric", boost_error=False).version == version
        assert segno.make_qr("A" * (n + 1), error="m", mode="alphanumeric", boost_error=False).version == version + 1


def test_a_version_9_code_captured_at_400_pixels_reads_with_both(tmp_path):
    text = payload(9)
    code, version = bench.draw(text)
    assert version == 9
    image = bench.degrade(code, bench.capture_for(400), np.random.default_rng(1))
    assert image.size == (400, 400)
    assert bench.read_zxing(image, text)
    assert bench.read_zbar(image, text, tmp_path)


def test_a_version_15_code_captured_at_260_pixels_reads_with_neither(tmp_path):
    text = payload(15)
    code, _ = bench.draw(text)
    image = bench.degrade(code, bench.capture_for(260), np.random.default_rng(1))
    # Undegraded, the same code reads: the failure is the capture's doing.
    assert bench.read_zxing(code, text)
    assert not bench.read_zxing(image, text)
    assert not bench.read_zbar(image, text, tmp_path)


def test_the_same_seed_gives_the_same_capture():
    code, _ = bench.draw(payload(11))
    a = bench.degrade(code, bench.capture_for(300), np.random.default_rng(5))
    b = bench.degrade(code, bench.capture_for(300), np.random.default_rng(5))
    c = bench.degrade(code, bench.capture_for(300), np.random.default_rng(6))
    assert a.tobytes() == b.tobytes()
    assert a.tobytes() != c.tobytes()
