"""circom ``.wasm`` witness generation: zkgov (wasmtime, in process) next to node's
``generate_witness.js`` on the same ``.wasm`` and input.

    python benchmarks/wasm_witness_bench.py                 # chains of 16 and 128 Poseidon(2)
    python benchmarks/wasm_witness_bench.py --hashes 512 --repeat 5

The circuit is a chain of circomlib Poseidon(2) hashes, compiled once with circom2 (npm,
``.cache/npm``). For each tool: the whole process (start-up, ``.wasm`` compilation, witness,
file write), best of ``--repeat``; and, inside one process, the ``.wasm`` compilation and the
witness alone (node: circom's ``witness_calculator.js`` timed around its own calls). Both
witnesses are compared byte for byte. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zk.snarkjs.wasm_witness import WitnessCalculator  # noqa: E402

NM = ROOT / ".cache" / "npm" / "node_modules"
#: The installed ``zkgov`` command beside this interpreter.
ZKGOV = [str(Path(sys.executable).with_name("zkgov"))]

CIRCUIT = """pragma circom 2.0.0;
include "poseidon.circom";
template Chain(n) {
    signal input x;
    signal output h;
    component p[n];
    signal acc[n + 1];
    acc[0] <== x;
    for (var i = 0; i < n; i++) {
        p[i] = Poseidon(2);
        p[i].inputs[0] <== acc[i];
        p[i].inputs[1] <== i;
        acc[i + 1] <== p[i].out;
    }
    h <== acc[n];
}
component main = Chain(%d);
"""

NODE_TIMER = """
const wc = require(process.argv[2]);
const fs = require("fs");
const code = fs.readFileSync(process.argv[3]);
const input = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
(async () => {
  let t = process.hrtime.bigint();
  const calc = await wc(code);
  const compile = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  await calc.calculateWTNSBin(input, 0);
  const witness = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(JSON.stringify({compile, witness}));
})();
"""


def _best(cmd: list[str], repeat: int, cwd: Path) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def _compile(work: Path, hashes: int) -> Path:
    shutil.copytree(NM / "circomlib" / "circuits", work / "circomlib", dirs_exist_ok=True)
    (work / "chain.circom").write_text(CIRCUIT % hashes)
    subprocess.run(["node", str(NM / "circom2" / "cli.js"), "chain.circom", "--wasm", "--O2",
                    "-l", "circomlib", "-o", "."], cwd=work, check=True, capture_output=True)
    return work / "chain_js"


def bench(hashes: int, repeat: int) -> dict:
    """Figures for a chain of ``hashes`` Poseidon(2)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        js = _compile(work, hashes)
        wasm = js / "chain.wasm"
        (work / "input.json").write_text('{"x": "12345"}')
        node_proc = _best(["node", str(js / "generate_witness.js"), str(wasm), "input.json",
                           "node.wtns"], repeat, work)
        zk_proc = _best([*ZKGOV, "wtns", "calculate", str(wasm), "input.json", "zkgov.wtns"],
                        repeat, work)
        (work / "timer.cjs").write_text(NODE_TIMER)
        node_in = json.loads(subprocess.run(
            ["node", "timer.cjs", str(js / "witness_calculator.js"), str(wasm), "input.json"],
            cwd=work, check=True, capture_output=True, text=True).stdout)
        started = time.perf_counter()
        calc = WitnessCalculator(wasm.read_bytes())
        compile_s = time.perf_counter() - started
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            witness = calc.calculate({"x": "12345"})
            best = min(best, time.perf_counter() - started)
        same = (work / "node.wtns").read_bytes() == (work / "zkgov.wtns").read_bytes() \
            == witness.to_wtns()
        return {
            "poseidon_hashes": hashes,
            "witness_values": len(witness),
            "wasm_bytes": wasm.stat().st_size,
            "identical_wtns": same,
            "process_s": {"node_generate_witness_js": round(node_proc, 3),
                          "zkgov": round(zk_proc, 3)},
            "in_process_s": {
                "node": {"compile": round(node_in["compile"], 4),
                         "witness": round(node_in["witness"], 4)},
                "zkgov": {"compile": round(compile_s, 4), "witness": round(best, 4)},
            },
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hashes", type=int, nargs="+", default=[16, 128])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("node") is None or not (NM / "circom2").exists():
        sys.exit("needs node and circom2 under .cache/npm (make node-deps)")
    print(json.dumps({"machine": platform.machine(), "python": platform.python_version(),
                      "runs": [bench(n, args.repeat) for n in args.hashes]}, indent=1))


if __name__ == "__main__":
    main()
