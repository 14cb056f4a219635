"""SD-JWT VCs checked by an independent implementation, the OpenWallet
Foundation's `sd-jwt` library (with jwcrypto): a credential issued by the
mock issuer over real HTTP on loopback (OpenID4VCI, a key proof signed here
with jwcrypto), verified with the keys of its `/.well-known/jwt-vc-issuer`;
and a presentation of that credential made by Vidi's core (`vidi sd-jwt
present`) with a key binding JWT, verified with the library's key binding
checks (signature by `cnf.jwk`, `aud`, `nonce`, `sd_hash`)."""
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
from sd_jwt.verifier import SDJWTVerifier

from conftest import ROOT, vidi

PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
AUDIENCE = "https://rp.example"
# The three online services' claim sets (docs/online.md).
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


@pytest.fixture(scope="module")
def issuer_keys(issuer):
    """The library's key callback over the issuer's JWT VC Issuer Metadata."""
    metadata = request(issuer + "/.well-known/jwt-vc-issuer", method="GET")
    assert metadata["issuer"] == issuer
    keys = {k["kid"]: k for k in metadata["jwks"]["keys"]}

    def get_key(iss, header):
        assert iss == metadata["issuer"]
        assert header["typ"] == "dc+sd-jwt" and header["alg"] == "ES256"
        return JWK(**keys[header["kid"]])

    return get_key


def test_the_library_verifies_an_issued_sd_jwt_vc(issuer, issued, issuer_keys):
    credential, device = issued
    assert credential.endswith("~"), "issued without key binding"
    payload = SDJWTVerifier(credential, issuer_keys).get_verified_payload()
    assert payload["iss"] == issuer
    assert payload["vct"] == "urn:vidi:vct:national_id"
    assert payload["iat"] <= time.time() + 60 < payload["exp"]
    assert JWK(**payload["cnf"]["jwk"]).thumbprint() == device.thumbprint()
    status = payload["status"]["status_list"]
    assert status["uri"].startswith(issuer + "/status-lists/") and status["idx"] >= 0
    for name in RESIDENCE + ["sex", "nationality", "date_of_expiry", "age_over_16", "age_over_18", "age_over_21"]:
        assert name in payload, name
    assert payload["age_over_18"] is True
    assert re.fullmatch(r"\d{12}", payload["personal_id_number"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", payload["date_of_birth"])
    # Every claim is a disclosure with a 128-bit salt; none is in plain.
    jwt, *disclosures = credential.split("~")[:-1]
    signed = json.loads(b64decode(jwt.split(".")[1]))
    assert sorted(signed) == ["_sd", "_sd_alg", "cnf", "exp", "iat", "iss", "status", "vct"]
    assert signed["_sd_alg"] == "sha-256"
    assert len(disclosures) == len(signed["_sd"]) == 13
    for d in disclosures:
        salt, name, _ = json.loads(b64decode(d))
        assert len(b64decode(salt)) == 16, name


def test_the_library_verifies_a_presentation_made_by_core(tmp_path, issued, issuer_keys):
    credential, device = issued
    key_file = tmp_path / "device.hex"
    key_file.write_text(b64decode(json.loads(device.export_private())["d"]).hex())
    nonce = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    presentation = vidi(
        "sd-jwt", "present", "--device-key", str(key_file), "--claims", ",".join(RESIDENCE),
        "--audience", AUDIENCE, "--nonce", nonce, credential,
    ).stdout.strip()
    verifier = SDJWTVerifier(presentation, issuer_keys, expected_aud=AUDIENCE, expected_nonce=nonce)
    payload = verifier.get_verified_payload()
    registered = {"iss", "iat", "exp", "vct", "cnf", "status"}
    assert set(payload) - registered == set(RESIDENCE)
    kb_jwt = presentation.rsplit("~", 1)[1]
    kb_header = json.loads(b64decode(kb_jwt.split(".")[0]))
    kb_payload = json.loads(b64decode(kb_jwt.split(".")[1]))
    assert kb_header == {"typ": "kb+jwt", "alg": "ES256"}
    assert abs(kb_payload["iat"] - time.time()) < 120

    # The library refuses what core's own verifier refuses: another nonce,
    # another audience, a disclosure taken away after signing.
    with pytest.raises(ValueError, match="nonce"):
        SDJWTVerifier(presentation, issuer_keys, expected_aud=AUDIENCE, expected_nonce="other")
    with pytest.raises(ValueError, match="audience"):
        SDJWTVerifier(presentation, issuer_keys, expected_aud="https://else.example", expected_nonce=nonce)
    jwt, *disclosures, kb = presentation.split("~")
    fewer = "~".join([jwt, *disclosures[1:], kb])
    with pytest.raises(ValueError, match="digest"):
        SDJWTVerifier(fewer, issuer_keys, expected_aud=AUDIENCE, expected_nonce=nonce)


def test_core_refuses_to_present_with_another_key(tmp_path, issued):
    credential, _ = issued
    other = JWK.generate(kty="EC", crv="P-256")
    key_file = tmp_path / "other.hex"
    key_file.write_text(b64decode(json.loads(other.export_private())["d"]).hex())
    result = vidi(
        "sd-jwt", "present", "--device-key", str(key_file), "--claims", "age_over_18",
        "--audience", AUDIENCE, "--nonce", "n", credential, check=False,
    )
    assert result.returncode == 1
    assert "not the one this credential is bound to" in result.stderr
