"""Keys are checked where they are loaded: ``load_verifying_key`` and the Solidity export
refuse forgeable keys; the one verification-key exporter takes a key, bytes or a path;
readers accept paths; public inputs and proof coordinates have one spelling."""

from __future__ import annotations

import copy
import json

import pytest

from zk.ceremony import phase2
from zk.errors import FieldError, ForgeableKeyError, PointError
from zk.files import FileAccessError
from zk.formats.r1cs import read_r1cs
from zk.formats.snarkjs_json import (
    export_verification_key,
    load_verifying_key,
    proof_from_json,
    public_from_json,
    verification_key_json,
    vk_from_json,
)
from zk.formats.solidity import solidity_verifier
from zk.formats.wtns import read_wtns
from zk.formats.zkey import read_zkey, read_zkey_header


def _json(circom_dir, name: str) -> dict:
    return json.loads((circom_dir / "multiplier" / name).read_text())


def test_a_sound_key_loads_and_exports(circom_dir):
    vk = load_verifying_key(_json(circom_dir, "verification_key.json"))
    assert not vk.forgeable
    assert "contract Groth16Verifier" in solidity_verifier(vk)


@pytest.mark.parametrize("copy_from, to, reason", [
    ("vk_gamma_2", "vk_delta_2", "gamma2 = delta2"),
    ("vk_gamma_2", "vk_beta_2", "beta2 = gamma2"),
])
def test_forgeable_keys_are_refused_on_load_and_export(circom_dir, copy_from, to, reason):
    weak = copy.deepcopy(_json(circom_dir, "verification_key.json"))
    weak[to] = weak[copy_from]
    with pytest.raises(ForgeableKeyError, match=reason):
        load_verifying_key(weak)
    vk = vk_from_json(weak)  # parsing alone does not judge the key
    with pytest.raises(ForgeableKeyError, match=reason):
        solidity_verifier(vk)
    assert load_verifying_key(weak, allow_forgeable=True).forgeable
    assert "contract" in solidity_verifier(vk, allow_forgeable=True)


def test_a_key_at_infinity_is_refused_on_load(circom_dir):
    weak = copy.deepcopy(_json(circom_dir, "verification_key.json"))
    weak["vk_gamma_2"] = [["0", "0"], ["1", "0"], ["0", "0"]]
    with pytest.raises(ForgeableKeyError, match="gamma2 is the point at infinity"):
        load_verifying_key(weak)


def test_a_key_off_the_curve_is_a_point_error(circom_dir):
    weak = copy.deepcopy(_json(circom_dir, "verification_key.json"))
    weak["vk_alpha_1"][1] = str(int(weak["vk_alpha_1"][1]) ^ 1)
    with pytest.raises(PointError, match="vk_alpha_1"):
        load_verifying_key(weak)


def test_one_exporter_for_keys_bytes_and_paths(circom_dir):
    path = circom_dir / "multiplier" / "circuit.zkey"
    expected = _json(circom_dir, "verification_key.json")
    assert export_verification_key(path) == expected
    assert export_verification_key(path.read_bytes()) == expected
    assert export_verification_key(read_zkey(str(path))) == expected
    assert phase2.export_verification_key(path) == expected
    assert json.loads(verification_key_json(path)) == expected


def test_readers_accept_paths(circom_dir):
    folder = circom_dir / "multiplier"
    assert read_zkey(folder / "circuit.zkey").n_vars == read_zkey_header(
        str(folder / "circuit.zkey")).n_vars
    assert read_r1cs(folder / "circuit.r1cs").n_wires == len(read_wtns(folder / "witness.wtns"))
    with pytest.raises(FileAccessError, match=r"\.zkey file not found"):
        read_zkey(folder / "missing.zkey")


@pytest.mark.parametrize("spelling", ["0x21", " 33", "33 ", "033", "+33", "٣٣", 33])
def test_public_inputs_have_one_spelling(circom_dir, spelling):
    public = _json(circom_dir, "public.json")
    assert public_from_json(public)[0] == 33
    with pytest.raises(FieldError):
        public_from_json([spelling, *public[1:]])


@pytest.mark.parametrize("mangle", [lambda s: "0" + s, lambda s: s + " ", hex, int])
def test_proof_coordinates_have_one_spelling(circom_dir, mangle):
    proof = _json(circom_dir, "proof.json")
    proof_from_json(proof)
    bent = copy.deepcopy(proof)
    x = bent["pi_a"][0]
    bent["pi_a"][0] = mangle(int(x)) if mangle in (hex, int) else mangle(x)
    with pytest.raises(FieldError):
        proof_from_json(bent)



def test_map_bytes_reads_what_read_bytes_reads(tmp_path):
    from zk.files import map_bytes, read_bytes

    path = tmp_path / "data.bin"
    path.write_bytes(b"zkey" + bytes(range(200)))
    assert bytes(map_bytes(path, "key")) == read_bytes(path, "key")
    (tmp_path / "empty").write_bytes(b"")
    assert map_bytes(tmp_path / "empty", "key") == b""
    assert map_bytes("/dev/null", "key") == b""  # not a regular file: read, not mapped
    with pytest.raises(FileAccessError, match="key not found"):
        map_bytes(tmp_path / "missing", "key")
    with pytest.raises(FileAccessError, match="is a directory"):
        map_bytes(tmp_path, "key")


def test_copy_releasing_copies_in_chunks_and_releases_after_each(tmp_path):
    from zk.files import copy_releasing, map_bytes

    data = bytes(range(256)) * 41  # 10,496 bytes: not a multiple of the chunk
    path = tmp_path / "points.bin"
    path.write_bytes(data)
    mapped = map_bytes(path, "points")
    calls = []
    copy = copy_releasing(mapped[3:], lambda: calls.append(1), chunk=1000)
    assert copy == data[3:]
    assert len(calls) == -(-len(data[3:]) // 1000)
    assert copy_releasing(memoryview(b""), lambda: calls.append(1)) == bytearray()
