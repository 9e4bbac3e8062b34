"""Actions of ``zkgov zkey …`` and ``zkgov groth16 …`` (snarkjs's phase-2, key-export and
Groth16 commands), each one library call (:mod:`zk.ceremony.phase2`, :mod:`zk.snarkjs`,
:mod:`zk.formats`)."""

from __future__ import annotations

from zk.files import map_bytes, read_bytes, write_atomic
from zk.snarkjs.errors import SnarkjsCompatError, UnsupportedProtocolError
from zkgov.commands import ceremony, interop
from zkgov.commands.snarkjs_args import Call
from zkgov.commands.snarkjs_ptau import check_curve, ns
from zkgov.common import (
    EXIT_INVALID,
    EXIT_OK,
    emit,
)

# ----- phase 2 ---------------------------------------------------------------------------------


def contribute(call: Call) -> int:
    """``zkey contribute <old> <new> [-n=NAME] [-e=TEXT]``."""
    src, out = call.params
    return ceremony.cmd_ceremony_contribute(ns(call, input=src, output=out,
                                               name=call.text("name"),
                                               entropy=call.text("entropy")))


def beacon(call: Call) -> int:
    """``zkey beacon <old> <new> <hash> <exp> [-n=NAME]``."""
    src, out, value, exp = call.params
    return ceremony.cmd_ceremony_beacon(ns(call, input=src, output=out, beacon=value,
                                           iterations=exp, name=call.text("name")))


def verify_r1cs(call: Call) -> int:
    """``zkey verify r1cs [circuit.r1cs] [pot.ptau] [circuit_final.zkey]``: exit 0 / 1."""
    r1cs, ptau, zkey = call.params
    return ceremony.cmd_ceremony_verify(ns(call, r1cs=r1cs, ptau=ptau, zkey=zkey,
                                           ok_text="ZKey Ok!"))


def verify_init(call: Call) -> int:
    """``zkey verify init [circuit_0000.zkey] [pot.ptau] [circuit_final.zkey]``: the final key
    against the ceremony's initial one; exit 0 / 1."""
    from zk.ceremony import phase2

    initial, ptau, zkey = call.params
    read_bytes(ptau, ".ptau")  # snarkjs requires it; the initial key carries its hash
    report = phase2.verify_from_initial(read_bytes(initial, "initial .zkey"),
                                        read_bytes(zkey, ".zkey"))
    lines = [f"INVALID: {m}" for m in report.failures] or ["ZKey Ok!"]
    emit(call, "\n".join(lines), report.to_json())
    return EXIT_OK if report.ok else EXIT_INVALID


def export_bellman(call: Call) -> int:
    """``zkey export bellman <circuit.zkey> [circuit.mpcparams]``."""
    from zk.snarkjs.zkey_bellman import export_bellman as export

    zkey, out = call.params
    write_atomic(out, export(read_bytes(zkey, ".zkey")))
    emit(call, f"wrote {out}", {"output": out})
    return EXIT_OK


def import_bellman(call: Call) -> int:
    """``zkey import bellman <old.zkey> <circuit.mpcparams> <new.zkey> [-n=NAME]``."""
    from zk.snarkjs.zkey_bellman import import_bellman as do_import

    old, mpc, out = call.params
    write_atomic(out, do_import(read_bytes(old, ".zkey"),
                                read_bytes(mpc, "MPC parameters"), name=call.text("name")))
    emit(call, f"wrote {out} (verify it with `zkgov zkey verify`)", {"output": out})
    return EXIT_OK


def bellman_contribute(call: Call) -> int:
    """``zkey bellman contribute``: refused with the way to do it."""
    check_curve(call.params[0])
    raise SnarkjsCompatError("zkgov does not contribute to bellman MPC parameter files: "
                             "contribute to the .zkey with `zkey contribute`, or import the "
                             "file after a bellman tool contributed")


# ----- exports ---------------------------------------------------------------------------------


def export_verificationkey(call: Call) -> int:
    """``zkey export verificationkey [circuit_final.zkey] [circuit_vk.json]``: the file
    snarkjs writes, byte for byte (a forgeable key is exported with a warning)."""
    zkey, out = call.params
    n_public = interop.export_vk_file(zkey, out, snarkjs_text=True)
    emit(call, f"wrote {out}", {"verification_key": out, "n_public": n_public})
    return EXIT_OK


def export_json(call: Call) -> int:
    """``zkey export json [circuit_final.zkey] [circuit_final.zkey.json]``."""
    from zk.snarkjs.json_text import snarkjs_json
    from zk.snarkjs.zkey_json import zkey_to_json

    zkey, out = call.params
    write_atomic(out, snarkjs_json(zkey_to_json(read_bytes(zkey, ".zkey"))))
    emit(call, f"wrote {out}", {"output": out})
    return EXIT_OK


def export_solidityverifier(call: Call) -> int:
    """``zkey export solidityverifier [circuit_final.zkey] [verifier.sol]``: contract
    ``Groth16Verifier`` with snarkjs's ``verifyProof`` signature."""
    zkey, out = call.params
    return interop.cmd_export_solidity(ns(call, vk=zkey, output=out,
                                          contract_name="Groth16Verifier"))


def export_soliditycalldata(call: Call) -> int:
    """``zkey export soliditycalldata [public.json] [proof.json]``: printed, as snarkjs."""
    from zk.formats.jsonfile import load_json

    public, proof = call.params
    protocol = load_json(proof, "proof")
    if isinstance(protocol, dict) and protocol.get("protocol") not in (None, "groth16"):
        raise UnsupportedProtocolError(f"{proof} is a {protocol.get('protocol')} proof: zkgov "
                                       "proves with Groth16")
    return interop.cmd_export_calldata(ns(call, public=public, proof=proof))


# ----- groth16 ---------------------------------------------------------------------------------


def setup(call: Call) -> int:
    """``groth16 setup [circuit.r1cs] [powersoftau.ptau] [circuit_0000.zkey]``."""
    r1cs, ptau, zkey = call.params
    return interop.cmd_groth16_setup(ns(call, r1cs=r1cs, ptau=ptau, zkey=zkey))


def prove(call: Call) -> int:
    """``groth16 prove [circuit_final.zkey] [witness.wtns] [proof.json] [public.json]``."""
    zkey, wtns, proof, public = call.params
    return interop.cmd_groth16_prove(ns(call, zkey=zkey, wtns=wtns, proof=proof,
                                        public=public))


def fullprove(call: Call) -> int:
    """``groth16 fullprove [input.json] [circuit.wasm] [circuit_final.zkey] [proof.json]
    [public.json]``: circom's witness in process, then the proof."""
    from zk.formats.jsonfile import load_json
    from zk.snarkjs.fullprove import prove_from_input
    from zk.snarkjs.json_text import snarkjs_json

    inputs, wasm, zkey, proof_out, public_out = call.params
    proof, public = prove_from_input(load_json(inputs, "input file"),
                                     read_bytes(wasm, ".wasm"),
                                     map_bytes(zkey, "proving key"),
                                     on_log=None if call.json else print)
    write_atomic(proof_out, snarkjs_json(proof))
    write_atomic(public_out, snarkjs_json(public))
    emit(call, f"wrote {proof_out} and {public_out}",
         {"proof": proof_out, "public": public_out, "public_values": public})
    return EXIT_OK


def verify(call: Call) -> int:
    """``groth16 verify [verification_key.json] [public.json] [proof.json]``: exit 0 / 1."""
    from zkgov.commands import proving

    vk, public, proof = call.params
    return proving.verify_one(ns(call, verdicts=("OK!", "Invalid proof")), vk, public, proof)


def other_protocol(call: Call) -> int:
    """``plonk …`` and ``fflonk …``: refused in one line."""
    raise UnsupportedProtocolError(f"`{' '.join(call.command.words)}`: zkgov proves with "
                                   "Groth16 (use `groth16 setup|prove|fullprove|verify`)")
