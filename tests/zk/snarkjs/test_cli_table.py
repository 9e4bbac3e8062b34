"""The snarkjs command table: every command and alias of snarkjs's cli.js resolves, snarkjs's
option grammar and defaults, and every command run end to end (exit 0 / 1 / 2, one error
line, no partial output)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.conftest import NODE_MODULES
from zk.formats.wtns import read_wtns
from zkgov.commands.snarkjs import TABLE, ZKGOV_OWNED, run
from zkgov.commands.snarkjs_args import UsageError, find_command, parse

BEACON = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"


def _snarkjs_names() -> list[tuple[str, ...]]:
    """(words) of every command and alias in snarkjs's cli.js table."""
    cli = NODE_MODULES / "snarkjs" / "cli.js"
    if not cli.exists():
        pytest.skip("snarkjs not installed under .cache/npm (make node-deps)")
    text = cli.read_text().split("clProcessor(commands)")[0]
    names = []
    for cmd in re.findall(r'cmd: "([^"]+)"', text):
        names.append(tuple(w for w in cmd.split() if w[0] not in "<[-"))
    for aliases in re.findall(r"alias: \[([^\]]*)\]", text):
        for alias in re.findall(r'"([^"]+)"', aliases):
            names.append(tuple(w for w in alias.split() if w[0] not in "<[-"))
    return names


def test_every_snarkjs_command_and_alias_resolves():
    names = _snarkjs_names()
    assert len(names) > 80
    for words in names:
        if words[0] in ZKGOV_OWNED or words == ("file", "info") or words == ("fi",):
            continue  # zkgov verify / zkgov info take the same arguments; file info is not a step
        found = find_command(TABLE, [*words, "x"])
        assert found is not None and found[1] == len(words), words


def test_grammar_and_defaults():
    call = parse(TABLE, ["PowersOfTau", "NEW", "bn128", "12", "-v"])
    assert call.params == ["bn128", "12", "powersOfTau12_0000.ptau"]
    assert call.options == {"verbose": True}
    call = parse(TABLE, ["ptc", "a.ptau", "b.ptau", "--name=Tax office", "-e=some text"])
    assert (call.text("name"), call.text("entropy")) == ("Tax office", "some text")
    assert parse(TABLE, ["ptcc", "bn128", "challenge_0003"]).params[2] == \
        "challenge_0003.response"
    assert parse(TABLE, ["ptcc", "bn128", "ch.bin"]).params[2] == "ch.response"
    assert parse(TABLE, ["rej", "c.r1cs"]).params == ["c.r1cs", "c.json"]
    assert parse(TABLE, ["zkev"]).params == ["circuit_final.zkey", "circuit_vk.json"]
    # the longest name wins: `zkey verify r1cs …` and `zkey verify …` are the same command
    assert parse(TABLE, ["zkey", "verify", "r1cs", "a", "b", "c"]).params == ["a", "b", "c"]
    assert parse(TABLE, ["zkey", "verify", "a", "b", "c"]).params == ["a", "b", "c"]
    # a bare value option is a flag, never a value; unknown options are ignored as by snarkjs
    call = parse(TABLE, ["zkc", "a", "b", "-e", '--name"1st Contributor name"'])
    assert call.text("entropy") is None and "name" not in call.options
    with pytest.raises(UsageError, match="take their value after '='"):
        parse(TABLE, ["zkc", "a", "b", "-n", "Alice"])
    with pytest.raises(UsageError, match=r"missing <new_powersoftau\.ptau>"):
        parse(TABLE, ["ptc", "a"])
    with pytest.raises(UsageError, match="unknown command"):
        parse(TABLE, ["powersoftau", "bake"])


@pytest.fixture
def work(tmp_path, wasm_dir, monkeypatch):
    for name in ("guarded.wasm", "guarded.r1cs", "guarded.sym", "guarded_input.json"):
        shutil.copy(wasm_dir / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _ok(*argv: str) -> None:
    assert run(list(argv)) == 0, argv


def test_every_command_end_to_end(work, capsys):
    # phase 1, with an air-gapped contribution
    _ok("ptn", "bn128", "3")
    _ok("ptc", "powersOfTau3_0000.ptau", "p1.ptau", "--name=one", "-e=entropy")
    _ok("powersoftau", "export", "challenge", "p1.ptau")
    _ok("powersoftau", "challenge", "contribute", "bn254", "challenge", "-e=x")
    _ok("ptir", "p1.ptau", "challenge.response", "p2.ptau", "-n=offline")
    _ok("ptb", "p2.ptau", "p3.ptau", BEACON, "10", "-n=beacon")
    _ok("pt2", "p3.ptau", "pot.ptau", "-v")
    _ok("ptv", "pot.ptau")
    _ok("ptej", "pot.ptau", "pot.json")
    _ok("ptt", "pot.ptau")
    assert (work / "pot_02.ptau").exists()
    # circuit and witness (circom's .wasm in process)
    _ok("r1cs", "info", "guarded.r1cs")
    _ok("rp", "guarded.r1cs")
    _ok("rej", "guarded.r1cs")
    _ok("wtns", "calculate", "guarded.wasm", "guarded_input.json", "w.wtns")
    _ok("wd", "guarded.wasm", "guarded_input.json", "w2.wtns", "guarded.sym", "--trigger")
    assert (work / "w.wtns").read_bytes() == (work / "w2.wtns").read_bytes()
    _ok("wchk", "guarded.r1cs", "w.wtns")
    _ok("wej", "w.wtns", "w.json")
    assert json.loads((work / "w.json").read_text()) == [str(v) for v in
                                                          read_wtns((work / "w.wtns").read_bytes())]
    # phase 2 and its exports
    _ok("zkn", "guarded.r1cs", "pot.ptau", "c0.zkey")
    _ok("zkc", "c0.zkey", "c1.zkey", "-n=agency", "-e=more")
    _ok("zkeb", "c1.zkey", "c1.mpcparams")
    _ok("zkib", "c1.zkey", "c1.mpcparams", "c2.zkey", "-n=bellman")
    _ok("zkb", "c2.zkey", "final.zkey", BEACON, "10", "-n=beacon")
    _ok("zkv", "guarded.r1cs", "pot.ptau", "final.zkey")
    _ok("zkvi", "c0.zkey", "pot.ptau", "final.zkey")
    _ok("zkev", "final.zkey", "vk.json")
    _ok("zkej", "final.zkey")
    _ok("zkesv", "final.zkey")
    assert "contract Groth16Verifier" in (work / "verifier.sol").read_text()
    # proving
    _ok("g16p", "final.zkey", "w.wtns", "p.json", "pub.json")
    _ok("g16f", "guarded_input.json", "guarded.wasm", "final.zkey")
    _ok("g16v", "vk.json", "public.json", "proof.json")
    _ok("groth16", "verify", "vk.json", "pub.json", "p.json")
    capsys.readouterr()
    _ok("zkesc", "public.json", "proof.json")
    a, b, c, inputs = json.loads("[" + capsys.readouterr().out + "]")
    assert len(b) == 2 and inputs == [f"0x{7:064x}", f"0x{5:064x}"]  # c = 5·2 − 3, a = 5


def test_failures_are_one_line_and_write_nothing(work, capsys):
    (work / "bad_input.json").write_text('{"a": 500, "b": [1, 2]}')
    assert run(["wc", "guarded.wasm", "bad_input.json", "out.wtns"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["zkgov: error: Assert Failed. Error in template Guarded_0 line: 8"]
    assert not (work / "out.wtns").exists()
    for argv in (["plonk", "setup", "guarded.r1cs"], ["fff"], ["pkv"],
                 ["zkbc", "bn128", "a", "b"], ["ptn", "bls12381", "3"], ["ptn", "bn128", "x"],
                 ["ptir", "a.ptau", "b", "c.ptau", "-nopoints"]):
        assert run(argv) == 2, argv
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("zkgov: error: "), (argv, lines)
    assert "zkgov proves with Groth16" in _error_of(["plonk", "setup"], capsys)


def _error_of(argv, capsys) -> str:
    run(argv)
    return capsys.readouterr().err


def test_verification_failures_exit_1(work, capsys):
    _ok("ptn", "bn128", "3", "p0.ptau")
    _ok("ptc", "p0.ptau", "p1.ptau")
    _ok("pt2", "p1.ptau", "pot.ptau")
    _ok("g16s", "guarded.r1cs", "pot.ptau", "c0.zkey")
    _ok("wc", "guarded.wasm", "guarded_input.json", "w.wtns")
    # a witness changed in its output fails the circuit's check
    data = bytearray((work / "w.wtns").read_bytes())
    data[-32 * 4] ^= 1
    (work / "bad.wtns").write_bytes(bytes(data))
    assert run(["wchk", "guarded.r1cs", "bad.wtns"]) == 1
    # a key with no contribution: zkgov refuses it as forgeable (snarkjs accepts it)
    assert run(["zkv", "guarded.r1cs", "pot.ptau", "c0.zkey"]) == 1
