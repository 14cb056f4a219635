"""The issuer signature that `vidi inspect` rebuilds is a COSE_Sign1 (RFC 9052)
that pycose, an independent implementation, verifies with the issuer's key,
in both proof formats. In format 2 the credentials shown whole carry their
claims in the payload itself, which pycose's caller can read."""
import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pycose.keys import EC2Key
from pycose.keys.curves import P256
from pycose.messages import Sign1Message

from conftest import CASES


def issuer_key(compressed_hex):
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), bytes.fromhex(compressed_hex))
    numbers = point.public_numbers()
    return EC2Key(crv=P256, x=numbers.x.to_bytes(32, "big"), y=numbers.y.to_bytes(32, "big"))


@pytest.mark.parametrize("fmt,preset", CASES)
def test_pycose_verifies_the_rebuilt_cose_sign1(inspected, fmt, preset):
    info = inspected[(fmt, preset)]
    assert info["format"] == fmt
    assert info["issuer_public_key_hex"], "the test issuer's key is known to inspect"
    message = Sign1Message.decode(bytes.fromhex(info["cose_sign1_hex"]))
    message.key = issuer_key(info["issuer_public_key_hex"])
    assert message.verify_signature()
    # The protected header says ES256 and names the key.
    assert message.phdr_encoded  # non-empty protected header
    payload = cbor2.loads(message.payload)
    assert payload[0] == fmt and payload[1] == info["kid"]
    assert len(payload[6]) == 33 and payload[6].hex() == info["device_key"]
    if fmt == 2:
        # Shown whole: no tree, the values themselves, one per claim.
        assert info["seeds"] == 0 and info["hidden_digests"] == 0
        assert len(payload) == 8 and len(payload[7]) == len(info["claims"])
    else:
        assert len(payload) == 9 and len(payload[8]) == 16


def test_format_2_payload_holds_the_claims_pycose_verified(inspected):
    """The checkpoint-id credential's payload holds the personal ID number
    (5 bytes), the name in VISCII (RFC 1456: one byte per letter) and the
    date of birth (days since 1970), signed as they are."""
    info = inspected[(2, "checkpoint-id")]
    message = Sign1Message.decode(bytes.fromhex(info["cose_sign1_hex"]))
    number, name, birth = cbor2.loads(message.payload)[7]
    assert int.from_bytes(number, "big") == 1190012345
    assert isinstance(name, bytes) and len(name) == len("Nguyễn Thị Thanh Hương")
    assert name.startswith(b"Nguy") and name[4] == 0xAD  # ễ is 0xAD in VISCII
    assert birth == 7441  # 1990-05-17


@pytest.mark.parametrize("fmt,preset", CASES)
def test_pycose_refuses_a_changed_payload(inspected, fmt, preset):
    info = inspected[(fmt, preset)]
    message = Sign1Message.decode(bytes.fromhex(info["cose_sign1_hex"]))
    payload = cbor2.loads(message.payload)
    payload[4] += 86400  # push the expiry a day later
    message.payload = cbor2.dumps(payload)
    message.key = issuer_key(info["issuer_public_key_hex"])
    assert not message.verify_signature()
