"""The prover's own costs, as JSON: one-shot vs persistent proving, the whole `zkgov groth16
prove` command (time, peak RSS), and verification (prepared key, whole command start-up).

    python benchmarks/prover_bench.py                    # 2^12 and 2^16, both key orders
    python benchmarks/prover_bench.py --logs 12 --repeat 5

Each size gets the chain circuit of ``bench.py`` (a domain of exactly 2^k) and one key, written
twice: with zkgov's coefficient order and with snarkjs's (A and B interleaved per
constraint), the only difference between a key made by ``zkgov setup`` and one made by
``snarkjs groth16 setup`` that the prover sees. *one_shot* is ``read_zkey`` + ``groth16.prove``
in this process (key parsing, QAP plan and verifying-key preparation included); *persistent*
is ``Prover.prove`` on a key loaded and prepared once (its first proof listed apart);
*command* is the whole ``zkgov groth16 prove`` process from files to files. Verification:
``groth16.verify`` on a prepared and on a plain verifying key (per call), and the whole
``zkgov groth16 verify`` process next to ``python -c pass``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench import chain_circuit, run_child  # noqa: E402
from startup import compile_packages  # noqa: E402

from zk import groth16  # noqa: E402
from zk.curve.encoding import pack_scalars  # noqa: E402
from zk.formats.snarkjs_json import (  # noqa: E402
    export_verification_key,
    proof_to_json,
    public_to_json,
)
from zk.formats.wtns import read_wtns_packed, write_wtns_packed  # noqa: E402
from zk.formats.zkey import read_zkey, write_zkey  # noqa: E402
from zk.qap import pack_coefficients  # noqa: E402


def best(fn, repeat: int) -> float:
    """The best wall time of ``repeat`` calls, in seconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return round(min(runs), 4)


def make_keys(log_n: int, folder: Path) -> dict[str, Path]:
    r1cs, witness = chain_circuit(log_n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pk = groth16.setup(r1cs)
    keys = {"zkgov": folder / "zkgov.zkey", "snarkjs": folder / "snarkjs.zkey"}
    keys["zkgov"].write_bytes(write_zkey(pk))
    snarkjs_order = dataclasses.replace(pk, coefs=pack_coefficients(r1cs, interleaved=True))
    keys["snarkjs"].write_bytes(write_zkey(snarkjs_order))
    (folder / "witness.wtns").write_bytes(write_wtns_packed(pack_scalars(witness)))
    return keys


def bench_key(key: Path, wtns: Path, zkgov: str, repeat: int) -> dict[str, Any]:
    _, witness = read_wtns_packed(wtns.read_bytes())
    one_shot = best(lambda: groth16.prove(read_zkey(key.read_bytes()), witness), repeat)
    pk = read_zkey(key.read_bytes())
    start = time.perf_counter()
    prover = groth16.Prover(pk)
    prover.prove(witness)
    first = round(time.perf_counter() - start, 4)
    persistent = best(lambda: prover.prove(witness), repeat)
    walls, rss = [], []
    for _ in range(repeat):
        _, wall, peak = run_child([zkgov, "groth16", "prove", str(key), str(wtns),
                                   str(key.parent / "proof.json"),
                                   str(key.parent / "public.json"), "--quiet"])
        walls.append(round(wall, 3))
        rss.append(peak)
    return {"one_shot_seconds": one_shot, "persistent_first_seconds": first,
            "persistent_seconds": persistent, "command_seconds": min(walls),
            "command_runs": walls, "command_peak_rss_mb": max(rss)}


def bench_verify(folder: Path, key: Path, zkgov: str, repeat: int) -> dict[str, Any]:
    pk = read_zkey(key.read_bytes())
    _, witness = read_wtns_packed((folder / "witness.wtns").read_bytes())
    proof, public = groth16.prove(pk, witness)
    vk = pk.verifying_key()
    pvk = groth16.prepare_verifying_key(vk)
    calls = 50
    prepared = best(lambda: [groth16.verify(pvk, public, proof) for _ in range(calls)], repeat)
    plain = best(lambda: [groth16.verify(vk, public, proof) for _ in range(calls)], repeat)
    files = {"vk": folder / "vk.json", "proof": folder / "proof.json",
             "public": folder / "public.json"}
    files["vk"].write_text(json.dumps(export_verification_key(pk)))
    files["proof"].write_text(json.dumps(proof_to_json(proof)))
    files["public"].write_text(json.dumps(public_to_json(public)))
    command = [run_child([zkgov, "groth16", "verify", str(files["vk"]), str(files["public"]),
                          str(files["proof"])])[1] for _ in range(repeat)]
    floor = [run_child([sys.executable, "-c", "pass"])[1] for _ in range(repeat)]
    return {"prepared_ms": round(prepared / calls * 1e3, 3),
            "plain_ms": round(plain / calls * 1e3, 3),
            "command_seconds": round(min(command), 3),
            "python_pass_seconds": round(min(floor), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", default="12,16", help="domain sizes 2^k (comma-separated k)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    compile_packages()
    zkgov = shutil.which("zkgov", path=str(Path(sys.executable).parent)) or "zkgov"
    report: dict[str, Any] = {"prove": []}
    with tempfile.TemporaryDirectory(prefix="zkgov-prover-bench-") as tmp:
        for log_n in (int(k) for k in args.logs.split(",") if k.strip()):
            folder = Path(tmp) / f"k{log_n}"
            folder.mkdir()
            keys = make_keys(log_n, folder)
            for order, key in keys.items():
                row = {"log_domain": log_n, "key_order": order,
                       **bench_key(key, folder / "witness.wtns", zkgov, args.repeat)}
                report["prove"].append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
            if "verify" not in report:
                report["verify"] = bench_verify(folder, keys["zkgov"], zkgov, args.repeat)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
