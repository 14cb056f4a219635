"""Shared fixtures: the `vidi` binary and one sample proof per preset."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRESETS = ["checkpoint-id", "traffic-stop", "hospital", "age-18"]
AT = "2026-06-01T08:00:00Z"


def vidi(*args, check=True):
    binary = os.environ.get("VIDI_BIN", str(ROOT / "target" / "debug" / "vidi"))
    return subprocess.run([binary, *args], capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def proofs():
    return {p: vidi("sample", "--preset", p, "--at", AT).stdout.strip() for p in PRESETS}


@pytest.fixture(scope="session")
def inspected(proofs):
    return {p: json.loads(vidi("inspect", "--json", text).stdout) for p, text in proofs.items()}
