"""The issuer signature that `vidi inspect` rebuilds is a COSE_Sign1 (RFC 9052)
that pycose, an independent implementation, verifies with the issuer's key."""
import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pycose.keys import EC2Key
from pycose.keys.curves import P256
from pycose.messages import Sign1Message

from conftest import PRESETS


def issuer_key(compressed_hex):
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), bytes.fromhex(compressed_hex))
    numbers = point.public_numbers()
    return EC2Key(crv=P256, x=numbers.x.to_bytes(32, "big"), y=numbers.y.to_bytes(32, "big"))


@pytest.mark.parametrize("preset", PRESETS)
def test_pycose_verifies_the_rebuilt_cose_sign1(inspected, preset):
    info = inspected[preset]
    assert info["issuer_public_key_hex"], "the test issuer's key is known to inspect"
    message = Sign1Message.decode(bytes.fromhex(info["cose_sign1_hex"]))
    message.key = issuer_key(info["issuer_public_key_hex"])
    assert message.verify_signature()
    # The protected header says ES256 and names the key.
    assert message.phdr_encoded  # non-empty protected header
    payload = cbor2.loads(message.payload)
    assert payload[0] == 1 and payload[1] == info["kid"]
    assert len(payload[6]) == 33 and payload[6].hex() == info["device_key"]


@pytest.mark.parametrize("preset", PRESETS)
def test_pycose_refuses_a_changed_payload(inspected, preset):
    info = inspected[preset]
    message = Sign1Message.decode(bytes.fromhex(info["cose_sign1_hex"]))
    payload = cbor2.loads(message.payload)
    payload[4] += 86400  # push the expiry a day later
    message.payload = cbor2.dumps(payload)
    message.key = issuer_key(info["issuer_public_key_hex"])
    assert not message.verify_signature()
