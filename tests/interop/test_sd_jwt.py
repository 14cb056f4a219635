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
import time

import pytest
from jwcrypto.jwk import JWK
from sd_jwt.verifier import SDJWTVerifier

from conftest import RESIDENCE, b64decode, request, vidi

AUDIENCE = "https://rp.example"


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
        f"--audience={AUDIENCE}", f"--nonce={nonce}", credential,
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
