"""The snarkjs command table: every Groth16-workflow command of snarkjs 0.7 under its own
name, short aliases, positional parameters (with snarkjs's defaults) and options, so a circom
project's build script runs with ``zkgov`` in place of ``snarkjs``.

```
zkgov powersoftau new bn128 12 pot12_0000.ptau -v
zkgov powersoftau contribute pot12_0000.ptau pot12_0001.ptau --name="First" -e="random text"
zkgov powersoftau prepare phase2 pot12_0001.ptau pot12_final.ptau
zkgov groth16 setup circuit.r1cs pot12_final.ptau circuit_0000.zkey
zkgov zkey contribute circuit_0000.zkey circuit_final.zkey --name="1st" -e="more text"
zkgov zkey export verificationkey circuit_final.zkey verification_key.json
zkgov wtns calculate circuit_js/circuit.wasm input.json witness.wtns
zkgov groth16 prove circuit_final.zkey witness.wtns proof.json public.json
zkgov groth16 verify verification_key.json public.json proof.json
zkgov zkey export solidityverifier circuit_final.zkey verifier.sol
zkgov zkey export soliditycalldata public.json proof.json
```

The table holds no logic: each row names an action in :mod:`~zkgov.commands.snarkjs_ptau`,
:mod:`~zkgov.commands.snarkjs_circuit` or :mod:`~zkgov.commands.snarkjs_zkey`, which call
the library (:mod:`zk.snarkjs`, :mod:`zk.ceremony`, :mod:`zk.groth16`). Exit codes are
zkgov's: 0 done, 1 a verification said no, 2 bad input (where snarkjs exits 99 or crashes).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from zkgov.commands.snarkjs_args import Call, Command, Param, UsageError, change_ext, parse
from zkgov.common import EXIT_BAD_INPUT, EXIT_OK, run_handler

if TYPE_CHECKING:
    import argparse


class Action:
    """A row's action, ``function`` of ``module``, imported when the row runs: a command
    loads the modules of its own work, not those of the whole table."""

    __slots__ = ("function", "module")

    def __init__(self, module: str, function: str) -> None:
        self.module = module
        self.function = function

    def resolve(self):
        """The function itself (importing its module)."""
        return getattr(importlib.import_module(self.module), self.function)

    def __call__(self, call: Call) -> int:
        return self.resolve()(call)

    def __repr__(self) -> str:
        return f"Action({self.module}.{self.function})"


class _Actions:
    """``ptau.new`` is ``Action("zkgov.commands.snarkjs_ptau", "new")``."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, function: str) -> Action:
        return Action(self._module, function)


circuit = _Actions("zkgov.commands.snarkjs_circuit")
ptau = _Actions("zkgov.commands.snarkjs_ptau")
zkey = _Actions("zkgov.commands.snarkjs_zkey")

V = {"verbose": "verbose", "v": "verbose"}
N = {"name": "name", "n": "name"}
E = {"entropy": "entropy", "e": "entropy"}


def _p(name: str, default=None) -> Param:
    return Param(name, default)


def _cmd(words: str, params: Sequence[Param], action, aliases: Sequence[str] = (),
         options: dict[str, str] | None = None, description: str = "") -> Command:
    return Command(tuple(words.split()), tuple(params), action,
                   tuple(tuple(a.split()) for a in aliases), {**V, **(options or {})},
                   description)


_GROTH16_ONLY = "refused: zkgov proves with Groth16"

TABLE: tuple[Command, ...] = (
    # ----- phase 1 -----
    _cmd("powersoftau new", [_p("curve"), _p("power"),
                             _p("powersoftau_0000.ptau",
                                lambda ps: f"powersOfTau{ps[1]}_0000.ptau")],
         ptau.new, ["ptn"], description="start a powers-of-tau ceremony"),
    _cmd("powersoftau contribute", [_p("powersoftau.ptau"), _p("new_powersoftau.ptau")],
         ptau.contribute, ["ptc"], {**N, **E}, "add a contribution"),
    _cmd("powersoftau export challenge", [_p("powersoftau_0000.ptau"), _p("challenge",
                                                                          "challenge")],
         ptau.export_challenge, ["ptec"], description="write a challenge (air-gapped step)"),
    _cmd("powersoftau challenge contribute",
         [_p("curve"), _p("challenge"), _p("response", lambda ps: change_ext(ps[1], "response"))],
         ptau.challenge_contribute, ["ptcc"], E, "answer a challenge"),
    _cmd("powersoftau import response", [_p("powersoftau_old.ptau"), _p("response"),
                                         _p("powersoftau_new.ptau")],
         ptau.import_response, ["ptir"], {**N, "nopoints": "nopoints", "nocheck": "nocheck"},
         "import a response into the .ptau"),
    _cmd("powersoftau beacon", [_p("old_powersoftau.ptau"), _p("new_powersoftau.ptau"),
                                _p("beaconHash(Hex)"), _p("numIterationsExp")],
         ptau.beacon, ["ptb"], N, "add a beacon contribution"),
    _cmd("powersoftau prepare phase2", [_p("powersoftau.ptau"), _p("new_powersoftau.ptau")],
         ptau.prepare, ["pt2"], description="add the Lagrange sections phase 2 needs"),
    _cmd("powersoftau convert", [_p("old_powersoftau.ptau"), _p("new_powersoftau.ptau")],
         ptau.convert, ["ptcv"], description="bring an old prepared file to today's format"),
    _cmd("powersoftau truncate", [_p("powersoftau.ptau")], ptau.truncate, ["ptt"],
         description="write the smaller powers beside the file"),
    _cmd("powersoftau verify", [_p("powersoftau.ptau")], ptau.verify, ["ptv"],
         description="verify every contribution"),
    _cmd("powersoftau export json", [_p("powersoftau_0000.ptau"), _p("powersoftau_0000.json")],
         ptau.export_json, ["ptej"], description="a .ptau as JSON"),
    # ----- circuit and witness -----
    _cmd("r1cs info", [_p("circuit.r1cs", "circuit.r1cs")], circuit.r1cs_info, ["ri"],
         description="sizes of a circuit"),
    _cmd("r1cs print", [_p("circuit.r1cs", "circuit.r1cs"),
                        _p("circuit.sym", lambda ps: change_ext(ps[0], "sym"))],
         circuit.r1cs_print, ["rp", "print"], description="the constraints, with signal names"),
    _cmd("r1cs export json", [_p("circuit.r1cs", "circuit.r1cs"),
                              _p("circuit.json", lambda ps: change_ext(ps[0], "json"))],
         circuit.r1cs_export_json, ["rej"], description="a .r1cs as JSON"),
    _cmd("wtns calculate", [_p("circuit.wasm", "circuit.wasm"), _p("input.json", "input.json"),
                            _p("witness.wtns", "witness.wtns")],
         circuit.wtns_calculate, ["wc", "calculatewitness"],
         description="circom's .wasm witness, in process"),
    _cmd("wtns debug", [_p("circuit.wasm", "circuit.wasm"), _p("input.json", "input.json"),
                        _p("witness.wtns", "witness.wtns"),
                        _p("circuit.sym", lambda ps: change_ext(ps[0], "sym"))],
         circuit.wtns_debug, ["wd"], {"get": "get", "g": "get", "set": "set", "s": "set",
                                       "trigger": "trigger", "t": "trigger"},
         "the witness with the .wasm's sanity checks"),
    _cmd("wtns export json", [_p("witness.wtns", "witness.wtns"),
                              _p("witness.json", "witness.json")],
         circuit.wtns_export_json, ["wej"], description="a .wtns as JSON"),
    _cmd("wtns check", [_p("circuit.r1cs", "circuit.r1cs"), _p("witness.wtns", "witness.wtns")],
         circuit.wtns_check, ["wchk"], description="a witness against its circuit"),
    # ----- phase 2 -----
    _cmd("zkey contribute", [_p("circuit_old.zkey"), _p("circuit_new.zkey")], zkey.contribute,
         ["zkc"], {**N, **E}, "add a phase-2 contribution"),
    _cmd("zkey export bellman", [_p("circuit_xxxx.zkey"),
                                 _p("circuit.mpcparams", "circuit.mpcparams")],
         zkey.export_bellman, ["zkeb"], description="a .zkey as bellman MPC parameters"),
    _cmd("zkey bellman contribute", [_p("curve"), _p("circuit.mpcparams"),
                                     _p("circuit_response.mpcparams")],
         zkey.bellman_contribute, ["zkbc"], E, "(not supported: contribute to the .zkey)"),
    _cmd("zkey import bellman", [_p("circuit_old.zkey"), _p("circuit.mpcparams"),
                                 _p("circuit_new.zkey")],
         zkey.import_bellman, ["zkib"], N, "bellman MPC parameters back into a .zkey"),
    _cmd("zkey beacon", [_p("circuit_old.zkey"), _p("circuit_new.zkey"), _p("beaconHash(Hex)"),
                         _p("numIterationsExp")], zkey.beacon, ["zkb"], N,
         "add a beacon contribution"),
    _cmd("zkey verify r1cs", [_p("circuit.r1cs", "circuit.r1cs"),
                              _p("powersoftau.ptau", "powersoftau.ptau"),
                              _p("circuit_final.zkey", "circuit_final.zkey")],
         zkey.verify_r1cs, ["zkv", "zkvr", "zkey verify"],
         description="a .zkey against its circuit and .ptau"),
    _cmd("zkey verify init", [_p("circuit_0000.zkey", "circuit_0000.zkey"),
                              _p("powersoftau.ptau", "powersoftau.ptau"),
                              _p("circuit_final.zkey", "circuit_final.zkey")],
         zkey.verify_init, ["zkvi"], description="a .zkey against the initial .zkey"),
    _cmd("zkey export verificationkey", [_p("circuit_final.zkey", "circuit_final.zkey"),
                                         _p("verification_key.json", "circuit_vk.json")],
         zkey.export_verificationkey, ["zkev"], description="verification_key.json"),
    _cmd("zkey export json", [_p("circuit_final.zkey", "circuit_final.zkey"),
                              _p("circuit_final.zkey.json", "circuit_final.zkey.json")],
         zkey.export_json, ["zkej"], description="a .zkey as JSON"),
    _cmd("zkey export solidityverifier", [_p("circuit_final.zkey", "circuit_final.zkey"),
                                          _p("verifier.sol", "verifier.sol")],
         zkey.export_solidityverifier, ["zkesv", "generateverifier"],
         description="a Solidity verifier contract"),
    _cmd("zkey export soliditycalldata", [_p("public.json", "public.json"),
                                          _p("proof.json", "proof.json")],
         zkey.export_soliditycalldata, ["zkesc", "generatecall"],
         description="verifyProof's arguments, printed"),
    # ----- groth16 -----
    _cmd("groth16 setup", [_p("circuit.r1cs", "circuit.r1cs"),
                           _p("powersoftau.ptau", "powersoftau.ptau"),
                           _p("circuit_0000.zkey", "circuit_0000.zkey")],
         zkey.setup, ["g16s", "zkn", "zkey new"], description="the initial .zkey"),
    _cmd("groth16 prove", [_p("circuit_final.zkey", "circuit_final.zkey"),
                           _p("witness.wtns", "witness.wtns"), _p("proof.json", "proof.json"),
                           _p("public.json", "public.json")],
         zkey.prove, ["g16p", "zpw", "zksnark proof", "proof"], {"protocol": "protocol"},
         "a proof from a witness"),
    _cmd("groth16 fullprove", [_p("input.json", "input.json"), _p("circuit.wasm", "circuit.wasm"),
                               _p("circuit_final.zkey", "circuit_final.zkey"),
                               _p("proof.json", "proof.json"), _p("public.json", "public.json")],
         zkey.fullprove, ["g16f", "g16i"], {"protocol": "protocol"},
         "witness (circom .wasm) and proof"),
    _cmd("groth16 verify", [_p("verification_key.json", "verification_key.json"),
                            _p("public.json", "public.json"), _p("proof.json", "proof.json")],
         zkey.verify, ["g16v"], description="verify a proof: exit 0 valid, 1 invalid"),
    # ----- other proof systems: refused -----
    *(_cmd(f"{system} {step}", [_p(f"arg{i}", "") for i in range(5)], zkey.other_protocol,
           [f"{short}{step[0] if step != 'fullprove' else 'f'}"],
           description=_GROTH16_ONLY)
      for system, short in (("plonk", "pk"), ("fflonk", "ff"))
      for step in ("setup", "prove", "fullprove", "verify")),
)

#: First words that zkgov's own commands keep (``zkgov verify`` and ``zkgov info`` take
#: snarkjs's ``verify``/``info`` arguments already).
ZKGOV_OWNED = {"verify", "info"}


def top_words() -> list[str]:
    """Every first word the table answers to, in table order, without zkgov's own."""
    seen: list[str] = []
    for cmd in TABLE:
        for names in (cmd.words, *cmd.aliases):
            word = names[0].lower()
            if word not in seen and word not in ZKGOV_OWNED:
                seen.append(word)
    return seen


def usage_text() -> str:
    """The table as ``zkgov <command> --help`` lists it."""
    rows = []
    for cmd in TABLE:
        alias = f"  (alias: {' '.join(cmd.aliases[0])})" if cmd.aliases else ""
        rows.append(f"  zkgov {cmd.usage}{alias}\n      {cmd.description}")
    return "snarkjs-compatible commands:\n" + "\n".join(rows)


def run(argv: Sequence[str]) -> int:
    """Run one snarkjs-style command line (``["powersoftau", "new", "bn128", "12"]``)."""
    if any(a in ("-h", "--help") for a in argv):
        print(usage_text())
        return EXIT_OK
    try:
        call = parse(TABLE, argv)
    except UsageError as exc:
        print(f"zkgov: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    args = SimpleNamespace(handler=lambda _a: call.command.action(call))
    return run_handler(args)


#: The help line of each family's full name in ``zkgov --help`` (aliases stay unlisted).
FAMILY_HELP = {
    "powersoftau": "phase 1, snarkjs's commands: new, contribute, export challenge, ...",
    "r1cs": "snarkjs's r1cs info | print | export json",
    "wtns": "snarkjs's wtns calculate (circom .wasm, no node) | debug | check | export json",
    "zkey": "snarkjs's zkey contribute | beacon | verify | export ... | import bellman",
    "groth16": "snarkjs's groth16 setup | prove | fullprove | verify",
    "plonk": "refused: zkgov proves with Groth16",
    "fflonk": "refused: zkgov proves with Groth16",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add one sub-command per first word of the table; each hands its words to :func:`run`.
    Every word is taken as is (no option parsing by argparse), as snarkjs takes them."""
    for word in top_words():
        extra = {"help": FAMILY_HELP[word]} if word in FAMILY_HELP else {}
        p = sub.add_parser(word, prefix_chars="\x00", add_help=False, **extra)
        p.add_argument("words", nargs="*")
        p.set_defaults(handler=lambda a, word=word: run([word, *a.words]))
