"""The analyzer's figures, as JSON: time on a circuit of about 10^5 constraints, and its
verdicts on the circom fixtures (sound circomlib templates, published kinds of bugs).

    .venv/bin/python benchmarks/analyze_bench.py [--hashes 400]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from circuits import Circuit, field, output, private, u64
from circuits.analysis import analyze_circom, analyze_r1cs
from circuits.gadgets.poseidon import poseidon

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "analysis"


class HashChain(Circuit):
    """``hashes`` Poseidon(2) in a row, a 64-bit comparison per step: ~250 constraints each."""

    hashes = 400
    seed = private(field)
    limit = private(u64)
    out = output()

    def define(self, c):
        state = self.seed
        for i in range(self.hashes):
            state = poseidon(c, [state, c.constant(i)])
            c.assert_less_eq(self.limit, self.limit, 64)
        self.out = state


def large(hashes: int) -> dict:
    started = time.perf_counter()
    compiled = HashChain.compile(hashes=hashes)
    compile_s = time.perf_counter() - started
    started = time.perf_counter()
    report = analyze_r1cs(compiled.r1cs, compiled.wire_names)
    seconds = time.perf_counter() - started
    return {
        "constraints": compiled.r1cs.n_constraints,
        "compile_s": round(compile_s, 2),
        "analyze_s": round(seconds, 2),
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "exit": report.exit_code(),
        "stats": report.stats,
    }


def fixtures() -> dict:
    out = {}
    for kind in ("sound", "buggy"):
        rows = {}
        for path in sorted((FIXTURES / kind).glob("*.r1cs")):
            started = time.perf_counter()
            report = analyze_circom(path, path.with_suffix(".sym"), budget_s=20)
            rows[path.stem] = {
                "constraints": report.stats["constraints"],
                "exit": report.exit_code(),
                "ambiguous_outputs": len(report.errors),
                "unknown_outputs": len(report.unknowns),
                "seconds": round(time.perf_counter() - started, 2),
            }
        out[kind] = rows
    sound, buggy = out["sound"].values(), out["buggy"].values()
    out["summary"] = {
        "sound_templates": len(sound),
        "sound_false_alarms": sum(r["exit"] for r in sound),
        "sound_fully_proven": sum(r["unknown_outputs"] == 0 for r in sound),
        "buggy_circuits": len(buggy),
        "buggy_found": sum(r["exit"] for r in buggy),
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hashes", type=int, default=400)
    args = parser.parse_args()
    print(json.dumps({"large": large(args.hashes), "fixtures": fixtures()}, indent=1))


if __name__ == "__main__":
    main()
