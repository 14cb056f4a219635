"""Shared fixtures: the `vidi` binary and one sample proof per preset and
proof format (2, what wallets make, and 1, which verifiers still read)."""
import base64
import json
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

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


# ---- the mock issuer over loopback (test_sd_jwt.py, test_oid4vp.py) ----

PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
# The temporary residence service's claims (docs/online.md).
RESIDENCE = ["full_name", "personal_id_number", "date_of_birth", "place_of_residence"]


def server_binary():
    explicit = os.environ.get("VIDI_SERVER_MOCK_BIN")
    if explicit:
        return explicit
    vidi_bin = Path(os.environ.get("VIDI_BIN", str(ROOT / "target" / "debug" / "vidi")))
    return str(vidi_bin.parent / "vidi-server-mock")


def b64decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def request(url, body=None, headers=None, form=False, method="POST"):
    """A JSON answer to GET (`method="GET"`) or POST with a JSON or form body."""
    headers = dict(headers or {})
    data = None
    if method == "POST":
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        else:
            data = b""
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def issuer(tmp_path_factory):
    """The mock issuer on a free loopback port; its base URL."""
    data = tmp_path_factory.mktemp("issuer")
    log = open(data / "stderr.log", "w")
    proc = subprocess.Popen(
        [server_binary(), "--data-dir", str(data), "--listen", "127.0.0.1:0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    base = None
    for line in proc.stdout:
        found = re.search(r"this machine\s+(\S+)", line)
        if found:
            base = found.group(1)
            break
    assert base, "the mock issuer printed its URL"
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def issued(issuer):
    """The reference citizen's national ID as an SD-JWT VC, bound to a key
    made here; (credential, device key)."""
    offer = request(issuer + "/admin/offers", {"citizen": 0, "document_types": ["national_id"]})
    code = offer["offer"]["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
    token = request(
        issuer + "/token",
        {"grant_type": PRE_AUTHORIZED, "pre-authorized_code": code, "tx_code": offer["pin"]},
        form=True,
    )["access_token"]
    nonce = request(issuer + "/nonce")["c_nonce"]
    device = JWK.generate(kty="EC", crv="P-256")
    proof = JWS(json.dumps({"aud": issuer, "iat": int(time.time()), "nonce": nonce}))
    proof.add_signature(
        device,
        alg="ES256",
        protected=json.dumps(
            {"typ": "openid4vci-proof+jwt", "alg": "ES256", "jwk": json.loads(device.export_public())}
        ),
    )
    response = request(
        issuer + "/credential",
        {"credential_configuration_id": "national_id_sd_jwt", "proofs": {"jwt": [proof.serialize(compact=True)]}},
        headers={"Authorization": "Bearer " + token},
    )
    [credential] = response["credentials"]
    return credential["credential"], device
