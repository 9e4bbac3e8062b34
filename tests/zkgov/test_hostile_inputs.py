"""Every ``zkgov`` command against every class of hostile input file.

For each command and each input file it reads, the file is replaced by a hostile version
(:mod:`hostile_files`: the wrong kind of file, empty, truncated, random bytes, a header that
lies about its counts, JSON nested 100,000 deep, a 5,000-digit integer, numbers spelled
non-canonically, a circuit that raises) while the other inputs stay valid. The command must
exit 2 with exactly one line on stderr, no traceback, no output file and nothing appended to
the ledger. UTF-16 and UTF-8-with-BOM JSON are not errors: the command must then behave
exactly as with the plain UTF-8 file.

Commands run in-process (``zkgov.main.main``); a few run as real processes at the end.
Commands that read no input file (``ptau new``, ``ledger init``, ``mpc init``) are not listed.
"""

from __future__ import annotations

import contextlib
import io
import resource
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from zkgov.main import main

from .hostile_files import (
    BINARY,
    CIRCUIT,
    CLASSES,
    CSV,
    JSON,
    LEDGER,
    NUMBER_CLASSES,
    TEXT,
    TOML,
)

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Command:
    """A command line with ``{slot}`` placeholders for input files and ``{out}`` for where
    outputs go; ``slots`` maps a slot to (kind, valid file in the fixture folder)."""

    name: str
    argv: tuple[str, ...]
    slots: dict[str, tuple[str, str]]
    #: Files copied beside a hostile input (a circuit artifact names its circuit relatively).
    companions: tuple[str, ...] = ()
    #: Slots holding public inputs or proof coordinates (non-canonical spellings apply).
    numbers: tuple[str, ...] = field(default=())


VK, PROOF, PUBLIC = (JSON, "vk.json"), (JSON, "proof.json"), (JSON, "public.json")
R1CS, ZKEY, WTNS = (BINARY, "income_below.r1cs"), (BINARY, "c1.zkey"), (BINARY, "w.wtns")
PTAU, PTAU_RAW = (BINARY, "pot.ptau"), (BINARY, "pot1.ptau")
DB, FRESH_DB = (LEDGER, "ledger.sqlite"), (LEDGER, "fresh.sqlite")
PARTIES, COLUMN = (TOML, "deploy/parties.toml"), (CSV, "column.csv")

COMMANDS = [
    Command("compile", ("compile", "{circuit}", "-o", "{out}"),
            {"circuit": (CIRCUIT, "income_below.py")}),
    Command("info vk", ("info", "{vk}"), {"vk": VK}),
    Command("info zkey", ("info", "{zkey}"), {"zkey": ZKEY}),
    Command("info r1cs", ("info", "{r1cs}"), {"r1cs": R1CS}),
    Command("setup", ("setup", "{r1cs}", "--zkey", "{out}/k.zkey", "--vk", "{out}/vk.json"),
            {"r1cs": R1CS}),
    Command("setup --ptau", ("setup", "{r1cs}", "--ptau", "{ptau}", "--zkey", "{out}/k.zkey",
                             "--vk", "{out}/vk.json"), {"r1cs": R1CS, "ptau": PTAU}),
    Command("prove", ("prove", "{artifact}", "--inputs", "{inputs}", "--zkey", "{zkey}",
                      "--proof", "{out}/proof.json", "--public", "{out}/public.json"),
            {"artifact": (JSON, "income_below.circuit.json"), "inputs": (JSON, "inputs.json"),
             "zkey": ZKEY}, companions=("income_below.py", "income_below.r1cs")),
    Command("verify", ("verify", "{vk}", "{public}", "{proof}"),
            {"vk": VK, "public": PUBLIC, "proof": PROOF}, numbers=("public", "proof")),
    Command("groth16 setup", ("groth16", "setup", "{r1cs}", "{ptau}", "{out}/g.zkey"),
            {"r1cs": R1CS, "ptau": PTAU}),
    Command("groth16 prove", ("groth16", "prove", "{zkey}", "{wtns}", "{out}/proof.json",
                              "{out}/public.json"), {"zkey": ZKEY, "wtns": WTNS}),
    Command("groth16 verify", ("groth16", "verify", "{vk}", "{public}", "{proof}"),
            {"vk": VK, "public": PUBLIC, "proof": PROOF}, numbers=("public", "proof")),
    Command("zkey export verificationkey", ("zkey", "export", "verificationkey", "{zkey}",
                                            "{out}/vk.json"), {"zkey": ZKEY}),
    Command("witness", ("witness", "{circuit}", "{inputs}", "{out}/w.wtns"),
            {"circuit": (CIRCUIT, "income_below.py"), "inputs": (JSON, "inputs.json")}),
    Command("wtns check", ("wtns", "check", "{r1cs}", "{wtns}"), {"r1cs": R1CS, "wtns": WTNS}),
    Command("r1cs info", ("r1cs", "info", "{r1cs}"), {"r1cs": R1CS}),
    Command("export solidity", ("export", "solidity", "{vk}", "-o", "{out}/V.sol"), {"vk": VK}),
    Command("export calldata", ("export", "calldata", "{public}", "{proof}"),
            {"public": PUBLIC, "proof": PROOF}, numbers=("public", "proof")),
    Command("ptau contribute", ("ptau", "contribute", "{ptau}", "{out}/p.ptau", "-e", "x"),
            {"ptau": PTAU_RAW}),
    Command("ptau beacon", ("ptau", "beacon", "{ptau}", "{out}/p.ptau", "0badc0de", "10"),
            {"ptau": PTAU_RAW}),
    Command("ptau verify", ("ptau", "verify", "{ptau}"), {"ptau": PTAU_RAW}),
    Command("ptau prepare", ("ptau", "prepare", "{ptau}", "{out}/p.ptau"), {"ptau": PTAU_RAW}),
    Command("ceremony new", ("ceremony", "new", "{r1cs}", "{ptau}", "{out}/c.zkey"),
            {"r1cs": R1CS, "ptau": PTAU}),
    Command("ceremony contribute", ("ceremony", "contribute", "{zkey}", "{out}/c.zkey", "-e",
                                    "x", "-n", "t"), {"zkey": ZKEY}),
    Command("ceremony beacon", ("ceremony", "beacon", "{zkey}", "{out}/c.zkey", "0badc0de",
                                "10"), {"zkey": ZKEY}),
    Command("ceremony verify", ("ceremony", "verify", "{r1cs}", "{ptau}", "{zkey}"),
            {"r1cs": R1CS, "ptau": PTAU, "zkey": ZKEY}),
    Command("ceremony export verificationkey", ("ceremony", "export", "verificationkey",
                                                "{zkey}", "{out}/vk.json"), {"zkey": ZKEY}),
    Command("ledger append", ("ledger", "append", "--proof", "{proof}", "--public", "{public}",
                              "--vk", "{vk}", "--circuit-id", "income", "--submitter", "t",
                              "--key", "{key}", "--ledger", "{db}", "--receipt",
                              "{out}/receipt.json"),
            {"proof": PROOF, "public": PUBLIC, "vk": VK, "key": (TEXT, "fresh-signer.key"),
             "db": FRESH_DB}, numbers=("public", "proof")),
    Command("ledger get", ("ledger", "get", "0", "--ledger", "{db}"), {"db": DB}),
    Command("ledger prove", ("ledger", "prove", "--index", "0", "--ledger", "{db}"), {"db": DB}),
    Command("ledger checkpoint", ("ledger", "checkpoint", "--ledger", "{db}"), {"db": DB}),
    Command("ledger audit", ("ledger", "audit", "--vkey", "{vkey}", "--ledger", "{db}"),
            {"db": DB, "vkey": (TEXT, "verifier.vkey")}),
    Command("ledger audit --bundle", ("ledger", "audit", "--bundle", "{bundle}"),
            {"bundle": (LEDGER, "bundle.tar.gz")}),
    Command("ledger export", ("ledger", "export", "{out}/bundle", "--ledger", "{db}"),
            {"db": DB}),
    Command("ledger verify-receipt", ("ledger", "verify-receipt", "{receipt}", "--vkey",
                                      "{vkey}", "--checkpoint", "{checkpoint}"),
            {"receipt": (JSON, "receipt.json"), "vkey": (TEXT, "verifier.vkey"),
             "checkpoint": (TEXT, "checkpoint.txt")}),
    Command("mpc certs", ("mpc", "certs", "--config", "{toml}"), {"toml": PARTIES}),
    Command("mpc party", ("mpc", "party", "--id", "1", "--config", "{toml}", "--input", "{csv}",
                         "--output", "{out}/r.json"), {"toml": PARTIES, "csv": COLUMN}),
    Command("mpc psi", ("mpc", "psi", "--id", "1", "--with", "2", "--config", "{toml}",
                       "--input", "{csv}", "--output", "{out}/r.json"),
            {"toml": PARTIES, "csv": COLUMN}),
]

def _cases():
    for command in COMMANDS:
        for slot, (kind, _valid) in command.slots.items():
            classes = dict(CLASSES)
            if slot in command.numbers:
                classes.update(NUMBER_CLASSES)
            for name, (_maker, kinds, _refuse) in classes.items():
                if kind in kinds:
                    yield pytest.param(command, slot, name,
                                       id=f"{command.name}-{slot}-{name}".replace(" ", "_"))


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    """One folder of valid inputs for every command, made with zkgov itself (in-process)."""
    d = tmp_path_factory.mktemp("valid")
    shutil.copy(ROOT / "examples" / "income_below.py", d)
    (d / "inputs.json").write_text('{"threshold": 3000000, "income": 2150000}\n')
    (d / "column.csv").write_text("income\n21000\n35000\n")
    steps = [
        ["compile", "income_below.py"],
        ["ptau", "new", "8", "pot0.ptau"],
        ["ptau", "contribute", "pot0.ptau", "pot1.ptau", "-e", "seed"],
        ["ptau", "prepare", "pot1.ptau", "pot.ptau"],
        ["ceremony", "new", "income_below.r1cs", "pot.ptau", "c0.zkey"],
        ["ceremony", "contribute", "c0.zkey", "c1.zkey", "-e", "seed", "-n", "tester"],
        ["ceremony", "export", "verificationkey", "c1.zkey", "vk.json"],
        ["prove", "income_below", "--inputs", "inputs.json", "--zkey", "c1.zkey"],
        ["witness", "income_below.py", "inputs.json", "w.wtns"],
        ["ledger", "init", "--origin", "test.example/log", "--key", "signer.key",
         "--vkey-out", "verifier.vkey", "--ledger", "ledger.sqlite"],
        ["ledger", "append", "--proof", "proof.json", "--public", "public.json", "--vk",
         "vk.json", "--circuit-id", "income", "--submitter", "t", "--receipt", "receipt.json",
         "--key", "signer.key", "--ledger", "ledger.sqlite"],
        ["ledger", "export", "bundle.tar.gz", "--ledger", "ledger.sqlite"],
        ["mpc", "init", "--parties", "3", "--out", "deploy", "--base-port", "47311"],
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(d)
        for argv in steps:
            assert main([*argv, "-q"] if argv[0] != "mpc" else [*argv, "--quiet"]) == 0, argv
        checkpoint = io.StringIO()
        with contextlib.redirect_stdout(checkpoint):
            assert main(["ledger", "checkpoint", "--ledger", "ledger.sqlite"]) == 0
        (d / "checkpoint.txt").write_text(checkpoint.getvalue())
        # an empty ledger of its own, for appends that must succeed
        assert main(["ledger", "init", "--origin", "test.example/log", "--key",
                     "fresh-signer.key", "--ledger", "fresh.sqlite", "-q"]) == 0
    return d


def _rows(db: Path) -> dict[str, int]:
    if not db.is_file():
        return {}
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                    for t in tables}
    except sqlite3.DatabaseError:
        return {"<not a database>": db.stat().st_size}


#: Address space for a command given a lying header, run in its own process: a reader that
#: believes the header fails there with MemoryError instead of exhausting the machine.
MEMORY_LIMIT = 3 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(command: Command, files: dict[str, Path], case: Path, capsys,
         in_process: bool = True) -> tuple[int, str]:
    out = case / "out"
    argv = [part.format(out=out, **{k: str(v) for k, v in files.items()})
            for part in command.argv]
    if not in_process:
        result = subprocess.run([sys.executable, "-m", "zkgov", *argv], cwd=case,
                                capture_output=True, text=True, timeout=300,
                                preexec_fn=_limit_memory)
        return result.returncode, result.stderr
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def _inputs(command: Command, valid: Path, case: Path, slot: str, data: bytes
            ) -> dict[str, Path]:
    """Paths for every slot: the hostile bytes for ``slot`` (named like the valid file, in
    ``case``), the valid fixture for the others (a ledger is copied: it may be written)."""
    files: dict[str, Path] = {}
    for name, (kind, valid_name) in command.slots.items():
        source = valid / valid_name
        if name == slot:
            target = case / Path(valid_name).name
            target.write_bytes(data)
            for companion in command.companions:
                shutil.copy(valid / companion, case / companion)
            files[name] = target
        elif kind == LEDGER and source.is_file() and source.suffix == ".sqlite":
            target = case / Path(valid_name).name
            shutil.copy(source, target)
            files[name] = target
        elif source.suffix == ".key" and source.is_file():
            # a signing key travels with its signer state (what it last signed), which an
            # append updates: each case signs from its own copy, as its own ledger's signer
            target = case / source.name
            shutil.copy(source, target)
            for state in source.parent.glob(source.name + ".state*"):
                shutil.copy(state, case / state.name)
            files[name] = target
        else:
            files[name] = source
    return files


@pytest.mark.parametrize(("command", "slot", "hostile"), list(_cases()))
def test_hostile_input(command: Command, slot: str, hostile: str, valid: Path,
                       tmp_path: Path, monkeypatch, capsys) -> None:
    maker, _kinds, refuse = {**CLASSES, **NUMBER_CLASSES}[hostile]
    kind, valid_name = command.slots[slot]
    original = (valid / valid_name).read_bytes()
    data = maker(original)
    if data is None:
        pytest.skip(f"{hostile} has no form for {valid_name}")
    monkeypatch.chdir(tmp_path)
    if not refuse:  # UTF-16, BOM: the same outcome as the plain file
        base_case = tmp_path / "plain"
        base_case.mkdir()
        expected, base_err = _run(command, _inputs(command, valid, base_case, slot, original),
                                  base_case, capsys)
        case = tmp_path / "hostile"
        case.mkdir()
        code, err = _run(command, _inputs(command, valid, case, slot, data), case, capsys)
        assert "Traceback" not in err
        assert code == expected, f"plain file: exit {expected} ({base_err!r}); got {err!r}"
        return
    case = tmp_path
    files = _inputs(command, valid, case, slot, data)
    ledgers = {p: _rows(p) for p in files.values() if p.suffix == ".sqlite"}
    before = {p.name for p in case.iterdir()}
    code, err = _run(command, files, case, capsys, in_process=hostile != "lying-header")
    lines = err.strip().splitlines()
    assert code == 2, f"exit {code}, stderr {err!r}"
    assert len(lines) == 1 and "Traceback" not in err, err
    assert not (case / "out").exists() or not any((case / "out").iterdir())
    created = {p.name for p in case.iterdir()} - before
    assert not {n for n in created if not n.startswith(tuple(p.name for p in ledgers))}
    for db, rows in ledgers.items():
        assert _rows(db) == rows, "something was written to the ledger"


@pytest.mark.parametrize(("argv_tail", "hostile_name", "data"), [
    (["compile", "{f}"], "bad.py",
     b"from circuits import Circuit\n\n\nclass Bad(Circuit):\n    def define(self, c):\n"
     b"        raise ValueError('boom')\n"),
    (["verify", "{f}", "{f}", "{f}"], "vk.json", b"[" * 100_000 + b"]" * 100_000),
    (["verify", "{f}", "{f}", "{f}"], "vk.json", b'{"a": ' + b"9" * 5000 + b"}"),
    (["info", "{f}"], "vk.json", b"zkey" + bytes(60)),
])
def test_hostile_input_in_a_real_process(argv_tail, hostile_name, data, tmp_path) -> None:
    path = tmp_path / hostile_name
    path.write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "zkgov",
                             *[a.format(f=path) for a in argv_tail]],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [hostile_name]


@pytest.mark.parametrize("hostile", [name for name in CLASSES if name.startswith("circuit-")])
def test_prove_reports_an_error_in_the_circuit_at_its_line(hostile: str, valid: Path,
                                                           tmp_path: Path, capsys) -> None:
    """``prove`` loads the circuit its artifact names: an error there is file:line, exit 2."""
    for name in ("income_below.circuit.json", "income_below.r1cs"):
        shutil.copy(valid / name, tmp_path / name)
    circuit = tmp_path / "income_below.py"
    circuit.write_bytes(CLASSES[hostile][0](b""))
    capsys.readouterr()
    code = main(["prove", str(tmp_path / "income_below.circuit.json"), "--inputs",
                 str(valid / "inputs.json"), "--zkey", str(valid / "c1.zkey"), "--proof",
                 str(tmp_path / "proof.json"), "--public", str(tmp_path / "public.json")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert f"{circuit}:" in err
    assert not (tmp_path / "proof.json").exists() and not (tmp_path / "public.json").exists()
