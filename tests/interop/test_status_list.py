"""The status list in the vectors' verifier.json, read with Python's own
base64 and zlib as docs/proof-format.md describes it (IETF Token Status
List: base64url without padding, zlib, entries from the least significant
bit of byte 0): index 3001 revoked, 3002 suspended, the rest valid."""
import base64
import json
import zlib

from conftest import ROOT


def entries(status_list):
    bits = status_list["bits"]
    lst = status_list["lst"]
    assert "=" not in lst, "no padding"
    raw = zlib.decompress(base64.urlsafe_b64decode(lst + "=" * (-len(lst) % 4)))
    count = len(raw) * 8 // bits
    return [(raw[i * bits // 8] >> (i * bits % 8)) & ((1 << bits) - 1) for i in range(count)]


def test_vector_status_list_is_lsb_first_zlib_base64url():
    data = json.loads((ROOT / "core/tests/testdata/verifier.json").read_text())
    [listed] = data["status_lists"]
    assert listed["kid"] == 0x7E57
    statuses = entries(listed["status_list"])
    assert len(statuses) == 4096
    assert statuses[3001] == 1 and statuses[3002] == 2
    assert sum(1 for s in statuses if s) == 2
