"""Shared fixtures: the `vidi` binary and one sample proof per preset and
proof format (2, what wallets make, and 1, which verifiers still read)."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRESETS = ["checkpoint-id", "traffic-stop", "hospital", "age-18"]
FORMATS = [1, 2]
CASES = [(f, p) for f in FORMATS for p in PRESETS]
# The largest QR version (ECC M) each format's presets must fit.
VERSION_GOALS = {1: {"age-18": 10, None: 13}, 2: {"age-18": 8, None: 11}}


def version_goal(fmt, preset):
    goals = VERSION_GOALS[fmt]
    return goals.get(preset, goals[None])
AT = "2026-06-01T08:00:00Z"


def vidi(*args, check=True):
    binary = os.environ.get("VIDI_BIN", str(ROOT / "target" / "debug" / "vidi"))
    return subprocess.run([binary, *args], capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def proofs():
    """`(format, preset)` -> proof text."""
    return {
        (f, p): vidi("sample", "--preset", p, "--at", AT, "--format", str(f)).stdout.strip()
        for f, p in CASES
    }


@pytest.fixture(scope="session")
def inspected(proofs):
    return {case: json.loads(vidi("inspect", "--json", text).stdout) for case, text in proofs.items()}
