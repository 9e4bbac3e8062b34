"""Actions of ``zkgov r1cs …`` and ``zkgov wtns …`` (snarkjs's circuit and witness
commands); circom's ``.wasm`` runs in process (:mod:`zk.snarkjs.wasm_witness`)."""

from __future__ import annotations

from zk.files import read_bytes, write_atomic
from zk.formats.jsonfile import load_json
from zkgov.commands import interop
from zkgov.commands.snarkjs_args import Call
from zkgov.commands.snarkjs_ptau import ns
from zkgov.common import (
    EXIT_OK,
    emit,
)


def r1cs_info(call: Call) -> int:
    """``r1cs info [circuit.r1cs]``: snarkjs's lines (``--json``: zkgov's fuller report)."""
    from zk.snarkjs.r1cs_tools import r1cs_info as lines

    if call.json:
        return interop.cmd_r1cs_info(ns(call, r1cs=call.params[0]))
    print("\n".join(lines(read_bytes(call.params[0], ".r1cs"))))
    return EXIT_OK


def r1cs_print(call: Call) -> int:
    """``r1cs print [circuit.r1cs] [circuit.sym]``: one line per constraint, named signals."""
    from zk.snarkjs.r1cs_tools import Symbols
    from zk.snarkjs.r1cs_tools import r1cs_print as lines

    r1cs, sym = call.params
    try:
        sym_text = read_bytes(sym, "symbols file").decode("utf-8")
    except UnicodeDecodeError:
        from zk.snarkjs.errors import SnarkjsCompatError

        raise SnarkjsCompatError(f"{sym} is not a circom .sym text file") from None
    text = lines(read_bytes(r1cs, ".r1cs"), Symbols.parse(sym_text))
    emit(call, "\n".join(text), {"constraints": text})
    return EXIT_OK


def r1cs_export_json(call: Call) -> int:
    """``r1cs export json [circuit.r1cs] [circuit.json]``."""
    from zk.snarkjs.json_text import snarkjs_json
    from zk.snarkjs.r1cs_tools import r1cs_to_json

    r1cs, out = call.params
    write_atomic(out, snarkjs_json(r1cs_to_json(read_bytes(r1cs, ".r1cs"))))
    emit(call, f"wrote {out}", {"output": out})
    return EXIT_OK


def _calculate(call: Call, sanity_check: bool) -> int:
    from zk.snarkjs.wasm_witness import calculate_witness

    wasm, inputs, out = call.params[:3]
    witness = calculate_witness(read_bytes(wasm, ".wasm"),
                                load_json(inputs, "input file"),
                                sanity_check=sanity_check,
                                on_log=None if call.json else print)
    write_atomic(out, witness.to_wtns())
    emit(call, f"wrote {out} ({len(witness)} values)", {"wtns": out, "values": len(witness)})
    return EXIT_OK


def wtns_calculate(call: Call) -> int:
    """``wtns calculate [circuit.wasm] [input.json] [witness.wtns]``."""
    return _calculate(call, sanity_check=False)


def wtns_debug(call: Call) -> int:
    """``wtns debug [circuit.wasm] [input.json] [witness.wtns] [circuit.sym]``: the witness
    with the ``.wasm``'s own sanity checks on (circom 2 logs no signal gets or sets)."""
    return _calculate(call, sanity_check=True)


def wtns_export_json(call: Call) -> int:
    """``wtns export json [witness.wtns] [witness.json]``."""
    from zk.snarkjs.json_text import snarkjs_json
    from zk.snarkjs.wtns_tools import wtns_to_json

    wtns, out = call.params
    write_atomic(out, snarkjs_json(wtns_to_json(read_bytes(wtns, "witness"))))
    emit(call, f"wrote {out}", {"output": out})
    return EXIT_OK


def wtns_check(call: Call) -> int:
    """``wtns check [circuit.r1cs] [witness.wtns]``: exit 0 when every constraint holds."""
    return interop.cmd_wtns_check(ns(call, r1cs=call.params[0], wtns=call.params[1],
                                     verdicts=("WITNESS IS CORRECT", "WITNESS IS NOT CORRECT")))

