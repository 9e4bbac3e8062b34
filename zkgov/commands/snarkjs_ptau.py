"""Actions of ``zkgov powersoftau …`` (snarkjs's phase-1 commands): each reads its files,
calls one library function (:mod:`zk.ceremony.phase1`, :mod:`zk.snarkjs`) and writes."""

from __future__ import annotations

from types import SimpleNamespace

from zk.files import read_bytes, write_atomic
from zk.snarkjs.errors import SnarkjsCompatError
from zkgov.commands import ceremony
from zkgov.commands.snarkjs_args import Call
from zkgov.common import EXIT_OK, emit

#: Curve names snarkjs accepts for BN254 (``curves.getCurveFromName``, case-insensitive).
BN254_NAMES = {"bn128", "bn254", "alt_bn128"}


def check_curve(name: str) -> None:
    """Refuse a curve other than BN254 with one line (snarkjs also knows BLS12-381)."""
    if name.lower() not in BN254_NAMES:
        raise SnarkjsCompatError(f"curve {name!r}: zkgov works over BN254 only "
                                 "(bn128, bn254 or alt_bn128)")


def ns(call: Call, **fields: object) -> SimpleNamespace:
    """The namespace zkgov's own command functions take, with ``--json``/``-q`` carried
    (their attributes, as argparse would set them; argparse itself is not imported)."""
    return SimpleNamespace(json=call.json, quiet=call.quiet, **fields)


def new(call: Call) -> int:
    """``powersoftau new <curve> <power> [out]``."""
    curve, power_text, out = call.params
    check_curve(curve)
    try:
        power = int(power_text)
    except ValueError:
        raise SnarkjsCompatError("Power must be between 1 and 28") from None
    return ceremony.cmd_ptau_new(ns(call, power=power, output=out))


def contribute(call: Call) -> int:
    """``powersoftau contribute <in> <out> [-n=NAME] [-e=TEXT]``."""
    src, out = call.params
    return ceremony.cmd_ptau_contribute(ns(call, input=src, output=out, name=call.text("name"),
                                           entropy=call.text("entropy")))


def beacon(call: Call) -> int:
    """``powersoftau beacon <in> <out> <hash> <exp>``."""
    src, out, value, exp = call.params
    return ceremony.cmd_ptau_beacon(ns(call, input=src, output=out, beacon=value,
                                       iterations=exp, name=call.text("name")))


def prepare(call: Call) -> int:
    """``powersoftau prepare phase2 <in> <out>``."""
    src, out = call.params
    return ceremony.cmd_ptau_prepare(ns(call, input=src, output=out))


def verify(call: Call) -> int:
    """``powersoftau verify <ptau>``: exit 0 when every contribution holds, 1 otherwise."""
    return ceremony.cmd_ptau_verify(ns(call, input=call.params[0],
                                       ok_text="Powers of Tau Ok!"))


def export_challenge(call: Call) -> int:
    """``powersoftau export challenge <ptau> [challenge]``."""
    from zk.ceremony.transcript import format_hash
    from zk.snarkjs.ptau_challenge import export_challenge as export

    src, out = call.params
    challenge, digest = export(read_bytes(src, ".ptau"))
    write_atomic(out, challenge)
    emit(call, f"wrote {out}\nchallenge hash:\n{format_hash(digest)}",
         {"output": out, "challenge_hash": digest.hex()})
    return EXIT_OK


def challenge_contribute(call: Call) -> int:
    """``powersoftau challenge contribute <curve> <challenge> [response] [-e=TEXT]``."""
    from zk.ceremony.transcript import format_hash
    from zk.snarkjs.ptau_challenge import challenge_contribute as answer

    curve, src, out = call.params
    check_curve(curve)
    result = answer(read_bytes(src, "challenge"), entropy=call.text("entropy"))
    write_atomic(out, result.response)
    emit(call, f"wrote {out}\ncontribution response hash (publish it):\n"
         f"{format_hash(result.response_hash)}",
         {"output": out, "challenge_hash": result.challenge_hash.hex(),
          "response_hash": result.response_hash.hex()})
    return EXIT_OK


def import_response(call: Call) -> int:
    """``powersoftau import response <old.ptau> <response> <new.ptau> [-n=NAME]``."""
    from zk.ceremony.transcript import format_hash
    from zk.snarkjs.ptau_challenge import import_response as do_import

    old, response, out = call.params
    if call.options.get("nopoints"):
        raise SnarkjsCompatError("-nopoints writes a .ptau without its points, which no later "
                                 "step can use; zkgov always imports the points")
    result = do_import(read_bytes(old, ".ptau"), read_bytes(response, "response"),
                       name=call.text("name"))
    write_atomic(out, result.data)
    emit(call, f"wrote {out}\nresponse hash:\n{format_hash(result.response_hash)}\n"
         f"next challenge hash:\n{format_hash(result.next_challenge)}",
         {"output": out, "response_hash": result.response_hash.hex(),
          "next_challenge": result.next_challenge.hex()})
    return EXIT_OK


def convert(call: Call) -> int:
    """``powersoftau convert <old> <new>``."""
    from zk.snarkjs.ptau_tools import convert as do_convert

    src, out = call.params
    write_atomic(out, do_convert(read_bytes(src, ".ptau")))
    emit(call, f"wrote {out}", {"output": out})
    return EXIT_OK


def truncate(call: Call) -> int:
    """``powersoftau truncate <ptau>``: ``<name>_01.ptau`` … beside it."""
    from zk.snarkjs.ptau_tools import truncate as do_truncate

    src = call.params[0]
    stem = src.rpartition(".")[0] if "." in src else ""
    files = do_truncate(read_bytes(src, ".ptau"))
    written = []
    for power, data in files.items():
        name = f"{stem}_{power:02d}.ptau"
        write_atomic(name, data)
        written.append(name)
    emit(call, "\n".join(f"wrote {n}" for n in written) or "nothing to write (power 1)",
         {"outputs": written})
    return EXIT_OK


def export_json(call: Call) -> int:
    """``powersoftau export json <ptau> <json>``."""
    from zk.snarkjs.json_text import snarkjs_json
    from zk.snarkjs.ptau_tools import ptau_to_json

    src, out = call.params
    write_atomic(out, snarkjs_json(ptau_to_json(read_bytes(src, ".ptau"))))
    emit(call, f"wrote {out}", {"output": out})
    return EXIT_OK
