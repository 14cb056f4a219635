"""OpenID4VP 1.0 checked by an independent JOSE implementation, joserfc
(RFC 7515-7519 in Python on `cryptography`; unrelated to jwcrypto, which the
SD-JWT checks use, and to Vidi's RustCrypto code):

- the mock online service's request object and its verifier attestation,
  fetched over loopback from a live server-mock, verify: the trust list with
  the trust anchor, the attestation with the attester key the trust list
  names, the request with the attestation's `cnf.jwk`; their headers and
  claims are what OpenID4VP 1.0 says (`typ`, the `verifier_attestation:`
  client identifier prefix, `direct_post.jwt`, `dcql_query`,
  `client_metadata.jwks`);
- a response encrypted here by joserfc to the session's key, holding a
  presentation made by `vidi sd-jwt present`, is accepted by the service;
- a response made by Vidi's core (`encrypt_response`, through the example
  `core/examples/oid4vp_response.rs`) opens with joserfc, and the SD-JWT VC
  presentation inside verifies with the OpenWallet Foundation's `sd-jwt`;
- joserfc's Concat KDF gives RFC 7518 Appendix C's key, as core's does
  (core/src/oid4vp/jwe.rs), so the two agree on a published vector too."""
import base64
import json
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jwe, jws
from joserfc._rfc7518.derive_key import derive_key_for_concat_kdf
from joserfc.errors import BadSignatureError, DecodeError
from joserfc.jwk import ECKey
from joserfc.registry import HeaderParameter
from jwcrypto.jwk import JWK
from sd_jwt.verifier import SDJWTVerifier

from conftest import RESIDENCE, ROOT, b64decode, request, vidi

SERVICE = "dichvucong.vidi.test"
CLIENT_ID = "verifier_attestation:" + SERVICE
SELF_ISSUED = "https://self-issued.me/v2"
ASKS = {
    "residence": ("urn:vidi:vct:national_id", RESIDENCE),
    "licence": ("urn:vidi:vct:driving_licence", ["full_name", "licence_number", "licence_classes", "date_of_expiry"]),
    "age": ("urn:vidi:vct:national_id", ["age_over_18"]),
}
# OpenID4VP 1.0 (the verifier_attestation client identifier prefix): the
# attestation travels in the request object's `jwt` JOSE header. joserfc
# refuses header parameters it does not know unless they are declared, and
# headers over 512 bytes (this one holds the attestation).
REQUEST_REGISTRY = jws.JWSRegistry(header_registry={"jwt": HeaderParameter("Verifier attestation JWT", "str", True)})
REQUEST_REGISTRY.max_header_length = 4096


def b64encode(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def text(url, accept=None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.headers.get("Content-Type"), response.read().decode()


def post_response(url, jwe_text):
    """Posts `response=<JWE>` as a wallet does; (status, JSON body)."""
    data = urllib.parse.urlencode({"response": jwe_text}).encode()
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def header_of(compact):
    return json.loads(b64decode(compact.split(".")[0]))


def attester_keys(issuer):
    """The attesters of the issuer's trust list, verified with the trust anchor: kid -> (name, key)."""
    anchor = ECKey.import_key(request(issuer + "/trust-anchor", method="GET"))
    content_type, signed = text(issuer + "/trust-list")
    assert content_type == "application/jwt"
    trust = jws.deserialize_compact(signed.strip(), anchor, algorithms=["ES256"])
    assert trust.headers()["typ"] == "vidi-trust-list+jwt"
    attesters = json.loads(trust.payload)["trust_list"]["attesters"]
    assert attesters, "the trust list names the service attester"
    out = {}
    for a in attesters:
        point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), bytes.fromhex(a["public_key"]))
        out[a["kid"]] = (a["name"], ECKey.import_key(point))
    return out


def start(issuer, service):
    """A session of `service` on the service's own API; its JSON."""
    return request(issuer + "/rp/sessions", {"service": service})


def verified_request(issuer, session):
    """The session's request object, checked with joserfc alone; (header, attestation claims, request claims)."""
    link = urllib.parse.urlsplit(session["link"])
    assert link.scheme == "openid4vp"
    params = dict(urllib.parse.parse_qsl(link.query))
    assert params == {"client_id": CLIENT_ID, "request_uri": session["request_uri"]}
    content_type, request_object = text(session["request_uri"], accept="application/oauth-authz-req+jwt")
    assert content_type == "application/oauth-authz-req+jwt"  # RFC 9101's media type

    header = header_of(request_object)
    assert header["typ"] == "oauth-authz-req+jwt" and header["alg"] == "ES256"
    attestation_jws = header["jwt"]
    a_header = header_of(attestation_jws)
    assert a_header["typ"] == "verifier-attestation+jwt" and a_header["alg"] == "ES256"
    name, attester = attester_keys(issuer)[a_header["kid"]]
    assert "đăng ký dịch vụ" in name
    attestation = jws.deserialize_compact(attestation_jws, attester, algorithms=["ES256"])
    a = json.loads(attestation.payload)
    request_key = ECKey.import_key(a["cnf"]["jwk"])
    # The request is signed by the attested key, not by the attester.
    with pytest.raises(BadSignatureError):
        jws.deserialize_compact(request_object, attester, algorithms=["ES256"], registry=REQUEST_REGISTRY)
    signed = jws.deserialize_compact(request_object, request_key, algorithms=["ES256"], registry=REQUEST_REGISTRY)
    return header, a, json.loads(signed.payload)


@pytest.mark.parametrize("service", sorted(ASKS))
def test_the_request_object_and_its_attestation_verify_with_joserfc(issuer, service):
    session = start(issuer, service)
    _, a, r = verified_request(issuer, session)
    now = time.time()

    # The attestation (OpenID4VP 1.0's Verifier Attestation JWT, its typ
    # checked above): who the service is, where its answers may go, its key.
    assert a["sub"] == SERVICE
    assert a["iat"] <= now + 60 < a["exp"]
    assert a["client_name"] == {"vi": "Cổng dịch vụ công (mô phỏng)", "en": "Public services portal (mock)"}
    assert a["redirect_uris"] == [issuer + "/rp/responses"]
    assert set(a["cnf"]["jwk"]) >= {"kty", "crv", "x", "y"} and "d" not in a["cnf"]["jwk"]

    # The request (OpenID4VP 1.0: its parameters, direct_post.jwt, DCQL):
    # the client identifier is the prefix and the attestation's sub, the
    # answer an encrypted direct_post.
    assert r["client_id"] == CLIENT_ID == r["iss"]
    assert r["aud"] == SELF_ISSUED
    assert r["response_type"] == "vp_token"
    assert r["response_mode"] == "direct_post.jwt"
    # One response URI for every session, exactly the attestation's; the
    # JWE's kid (the session's key id) names the session.
    assert r["response_uri"] == issuer + "/rp/responses"
    assert r["response_uri"] in a["redirect_uris"]
    assert len(b64decode(r["nonce"])) >= 16 and len(b64decode(r["state"])) >= 16
    assert r["iat"] <= now + 60 < r["exp"] and r["exp"] - r["iat"] <= 600
    assert set(r["purpose"]) == {"vi", "en"}
    assert "redirect_uri" not in r and "presentation_definition" not in r

    vct, claims = ASKS[service]
    [query] = r["dcql_query"]["credentials"]
    assert set(r["dcql_query"]) == {"credentials"}
    assert query["format"] == "dc+sd-jwt"
    assert query["meta"] == {"vct_values": [vct]}
    assert query["claims"] == [{"path": [c]} for c in claims]

    metadata = r["client_metadata"]
    [key] = metadata["jwks"]["keys"]
    assert key["kty"] == "EC" and key["crv"] == "P-256" and "d" not in key
    assert key["use"] == "enc" and key["alg"] == "ECDH-ES"
    assert key["kid"] == session["id"]
    ECKey.import_key(key)
    assert "A128GCM" in metadata["encrypted_response_enc_values_supported"]
    assert set(metadata["vp_formats_supported"]) == {"dc+sd-jwt"}

    # Each session has its own nonce, state and response key.
    _, _, other = verified_request(issuer, start(issuer, service))
    assert other["nonce"] != r["nonce"] and other["state"] != r["state"]
    assert other["client_metadata"]["jwks"]["keys"][0]["x"] != key["x"]


def present_with_vidi(tmp_path, credential, device, claims, audience, nonce):
    key_file = tmp_path / "device.hex"
    key_file.write_text(b64decode(json.loads(device.export_private())["d"]).hex())
    return vidi(
        "sd-jwt", "present", "--device-key", str(key_file), "--claims", ",".join(claims),
        f"--audience={audience}", f"--nonce={nonce}", credential,
    ).stdout.strip()


@pytest.mark.parametrize("enc,party_info", [("A128GCM", False), ("A256GCM", False), ("A128GCM", True)])
def test_a_response_encrypted_by_joserfc_is_accepted(issuer, issued, tmp_path, enc, party_info):
    credential, device = issued
    session = start(issuer, "residence")
    _, _, r = verified_request(issuer, session)
    presentation = present_with_vidi(tmp_path, credential, device, RESIDENCE, r["client_id"], r["nonce"])
    [query] = r["dcql_query"]["credentials"]
    payload = json.dumps({"vp_token": {query["id"]: [presentation]}, "state": r["state"]}).encode()
    [jwk] = r["client_metadata"]["jwks"]["keys"]
    protected = {"alg": "ECDH-ES", "enc": enc, "kid": jwk["kid"]}
    if party_info:
        # RFC 7518 §4.6.1.2-3: PartyUInfo and PartyVInfo enter the key derivation.
        protected.update(apu="QWxpY2U", apv="Qm9i")

    # Encrypted to another key first: refused, and the session keeps waiting.
    stranger = jwe.encrypt_compact(protected, payload, ECKey.generate_key("P-256"))
    status, body = post_response(r["response_uri"], stranger)
    assert status == 400 and "not encrypted to this session" in body["error_description"], body
    assert request(session["status_uri"], method="GET")["state"] == "waiting"

    jwe_text = jwe.encrypt_compact(protected, payload, ECKey.import_key(jwk))
    assert jwe_text.split(".")[1] == "", "direct key agreement: no encrypted key"
    status, body = post_response(r["response_uri"], jwe_text)
    assert status == 200, body
    assert body == {"redirect_uri": issuer + "/rp?session=" + session["id"]}
    view = request(session["status_uri"], method="GET")
    assert view["state"] == "verified", view
    shown = {c["name"]: c["value"] for c in view["claims"]}
    assert sorted(shown) == sorted(RESIDENCE)
    assert shown["full_name"] == "Nguyễn Thị Thanh Hương"


def example_binary():
    vidi_bin = Path(os.environ.get("VIDI_BIN", str(ROOT / "target" / "debug" / "vidi")))
    path = vidi_bin.parent / "examples" / "oid4vp_response"
    assert path.exists(), f"{path} is missing: cargo build -p vidi-core --example oid4vp_response"
    return str(path)


@pytest.mark.parametrize("enc", ["A128GCM", "A256GCM"])
def test_a_response_made_by_vidi_opens_with_joserfc(enc):
    key = ECKey.generate_key("P-256", parameters={"kid": "interop-1"})
    public = key.as_dict(private=False)
    assert "d" not in public
    out = json.loads(subprocess.run(
        [example_binary(), json.dumps(public), enc], capture_output=True, text=True, check=True,
    ).stdout)
    compact = out["jwe"]

    # RFC 7516 compact form, ECDH-ES direct key agreement (RFC 7518 §4.6).
    assert compact.count(".") == 4 and compact.split(".")[1] == ""
    header = header_of(compact)
    assert header["alg"] == "ECDH-ES" and header["enc"] == enc and header["kid"] == "interop-1"
    epk = header["epk"]
    assert epk["kty"] == "EC" and epk["crv"] == "P-256" and "d" not in epk
    assert not {"apu", "apv", "zip", "crit"} & set(header)
    assert len(b64decode(compact.split(".")[2])) == 12, "a 96-bit IV"
    assert len(b64decode(compact.split(".")[4])) == 16, "a 128-bit tag"

    opened = jwe.decrypt_compact(compact, key)
    payload = json.loads(opened.plaintext)
    assert set(payload) == {"vp_token", "state"}
    assert payload["state"] == out["state"]
    assert list(payload["vp_token"]) == [out["query_id"]]
    [presentation] = payload["vp_token"][out["query_id"]]

    issuer_jwk = JWK(**out["issuer_jwk"])

    def get_key(iss, jwt_header):
        assert iss == out["issuer"] and jwt_header["kid"] == out["issuer_jwk"]["kid"]
        return issuer_jwk

    verified = SDJWTVerifier(
        presentation, get_key, expected_aud=out["audience"], expected_nonce=out["nonce"],
    ).get_verified_payload()
    registered = {"iss", "iat", "exp", "vct", "cnf", "status"}
    assert set(verified) - registered == set(out["claims"])
    assert verified["full_name"] == "Nguyễn Thị Thanh Hương"

    # Only the key it was made for opens it; a changed byte fails the tag.
    with pytest.raises(DecodeError):
        jwe.decrypt_compact(compact, ECKey.generate_key("P-256"))
    parts = compact.split(".")
    body = bytearray(b64decode(parts[3]))
    body[0] ^= 1
    parts[3] = b64encode(bytes(body))
    with pytest.raises(DecodeError):
        jwe.decrypt_compact(".".join(parts), key)


def test_joserfc_derives_rfc_7518_appendix_c_key():
    """RFC 7518 Appendix C: Alice's ephemeral key, Bob's key, apu "Alice",
    apv "Bob", A128GCM -> VqqN6vgjbSBcIijNcacQGg (the vector core's
    concat_kdf_matches_rfc_7518_appendix_c checks)."""
    def private(d):
        scalar = int.from_bytes(b64decode(d), "big")
        return ECKey.import_key(ec.derive_private_key(scalar, ec.SECP256R1()))

    alice = private("0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo")
    bob = private("VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw")
    assert alice.as_dict(private=False)["x"] == "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0"
    assert bob.as_dict(private=False)["x"] == "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ"
    z = alice.exchange_derive_key(bob)
    assert z == bob.exchange_derive_key(alice)
    header = {"alg": "ECDH-ES", "enc": "A128GCM", "apu": "QWxpY2U", "apv": "Qm9i"}
    key = derive_key_for_concat_kdf(z, header, 128, None)
    assert b64encode(key) == "VqqN6vgjbSBcIijNcacQGg"
