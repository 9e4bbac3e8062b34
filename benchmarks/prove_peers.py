"""`zkgov groth16 prove` next to rapidsnark, snarkjs and groth16py on the same key and witness.

    python benchmarks/prove_peers.py                      # 2^12 … 2^18, keys by snarkjs and zkgov
    python benchmarks/prove_peers.py --logs 12,14 --repeat 3
    python benchmarks/prove_peers.py --rapidsnark /work/rapidsnark-build/install/bin/prover
    python benchmarks/prove_peers.py --logs 12,16 --profile   # also: where zkgov's time goes

The circuit is ceremony_bench's circom-layout chain (t_{i+1} = t_i² + k, output y, public k,
private x) filling a 2^k domain, written as a circom ``.r1cs`` with its ``.wtns``. For each size
and each key origin the same ``.zkey`` and ``.wtns`` go to every prover:

* key origins: ``snarkjs`` — ``snarkjs groth16 setup`` from a prepared ``.ptau`` and one
  ``snarkjs zkey contribute`` (snarkjs's coefficient order, A and B interleaved per row);
  ``zkgov`` — ``zkgov setup`` (the one-party key, zkgov's order: all A, then all B).
* provers, each a whole process from files to files: ``zkgov groth16 prove``; rapidsnark's
  ``prover`` (``--rapidsnark``, else ``$RAPIDSNARK``, else .cache/rapidsnark/bin/prover, as
  benchmarks/build_rapidsnark.sh installs it); ``snarkjs groth16 prove`` (node, from
  .cache/npm); groth16py (arkworks, PyPI: ``import_zkey`` then ``prove_wtns``, in a fresh
  Python process). A prover that is missing is skipped, and the reason printed.

Each run is a fresh process; its wall time and its own peak RSS (``ru_maxrss``) are measured by
a small wrapper process (ceremony_bench's Runner); the best of ``--repeat`` runs is kept, with
every run listed, the CPU seconds (user + system, all threads) of the best one, and the
1-minute load average before the size (on a shared machine the CPU time is the steadier
figure; the wall time is what a user waits). Every proof is verified with
``zkgov groth16 verify`` against the key's verification key. Ratios are zkgov / each peer (wall
time, peak RSS, CPU time): below 1 zkgov is faster or smaller. ``--profile`` runs ``zkgov
groth16 prove`` once more per size and key with timers around its steps (start-up, key and
witness reading, QAP, each MSM, the proof's own check, writing).

Keys, witnesses and prepared ``.ptau`` files are kept in ``--work`` (default
.cache/prove-peers) and reused by later runs: making them takes far longer than proving.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (ROOT, HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from ceremony_bench import (  # noqa: E402
    SNARKJS,
    ZKGOV,
    Runner,
    chain_circuit,
    chain_witness,
    prepared_ptau,
)
from startup import compile_packages  # noqa: E402

DEFAULT_LOGS = (12, 14, 16, 18)
ORIGINS = ("snarkjs", "zkgov")
PEERS = ("zkgov", "rapidsnark", "snarkjs", "groth16py")
RAPIDSNARK_ENV = "RAPIDSNARK"
RAPIDSNARK_DEFAULT = ROOT / ".cache" / "rapidsnark" / "bin" / "prover"

# groth16py in a fresh process: import the .zkey, prove from the .wtns, and write the proof as
# snarkjs's proof.json. Its proof is Ethereum's uint256[8] (a, b, c; G2 coordinates as c1, c0).
_GROTH16PY = r"""
import json, sys
import groth16py
zkey, wtns, proof_path = sys.argv[1:4]
if not hasattr(groth16py, "import_zkey"):
    sys.exit("this groth16py build cannot read a .zkey (no import_zkey)")
pk, _ = groth16py.import_zkey(zkey)
blob = groth16py.prove_wtns(pk, wtns)
w = [str(int.from_bytes(blob[32 * i:32 * i + 32], "big")) for i in range(8)]
proof = {"pi_a": [w[0], w[1], "1"], "pi_b": [[w[3], w[2]], [w[5], w[4]], ["1", "0"]],
         "pi_c": [w[6], w[7], "1"], "protocol": "groth16", "curve": "bn128"}
with open(proof_path, "w") as fh:
    json.dump(proof, fh)
"""

# `zkgov groth16 prove` in process with timers around its steps; prints one JSON object of
# seconds. The MSMs are named by the key section they run over.
_PROFILE = r"""
import json, sys, time
t_start = time.perf_counter()
import zkgov.main
t_cli_imported = time.perf_counter()
import zk.formats.wtns as wtns_mod
import zk.formats.zkey as zkey_mod
import zk.groth16.prover as prover_mod
import zkgov.commands.interop as interop
from zk.curve import get_backend
t_imported = time.perf_counter()
seconds, key, depth = {}, {}, [0]

def timed(label, fn):
    # Only the outermost timed call counts: the proof's check runs an MSM of its own.
    def wrapper(*args, **kwargs):
        if depth[0]:
            return fn(*args, **kwargs)
        depth[0] += 1
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            depth[0] -= 1
            name = label(args) if callable(label) else label
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
    return wrapper

# The section each MSM works on: the key's own buffer, or the copy the prover makes of a
# section at an odd offset (named by the prover's last _points call).
sections_asked = []
Prover = getattr(prover_mod, "Prover", None)
if Prover is not None and hasattr(Prover, "_points"):
    points_of = Prover._points
    def named_points(self, name, *args, **kwargs):
        sections_asked.append(name)
        return points_of(self, name, *args, **kwargs)
    Prover._points = named_points

def section(kind):
    # a joint MSM (C and H in one) takes two point buffers, at args[0] and args[2]
    def label(args):
        buffers = args[0::2][:2] if kind.endswith("_joint") else args[:1]
        asked = sections_asked[-len(buffers):] if buffers else []
        names = []
        for i, buf in enumerate(buffers):
            found = [a for a in ("a_points", "b1_points", "b2_points", "c_points", "h_points")
                     if key.get(a) is buf]
            names.append(found[0] if found else (asked[i] if i < len(asked) else "other"))
        return f"{kind.removesuffix('_joint')} {' + '.join(names) or 'other'}"
    return label

read_zkey = getattr(zkey_mod, "read_zkey", None)
def capture_key(*args, **kwargs):
    pk = read_zkey(*args, **kwargs)
    key.update({a: getattr(pk, a, None) for a in
                ("a_points", "b1_points", "b2_points", "c_points", "h_points")})
    return pk

def patch(module, name, label, fn=None):
    # A step the command no longer has (the prover changes) is left out, not an error.
    if hasattr(module, name):
        setattr(module, name, timed(label, fn or getattr(module, name)))

patch(zkey_mod, "read_zkey", "parse .zkey", capture_key)
patch(wtns_mod, "read_wtns_packed", "parse .wtns")
patch(interop, "read_bytes", "read files")
patch(interop, "write_json_atomic", "write proof and public")
if Prover is not None:
    patch(Prover, "_check_proof_verifies", "check the proof (pairing)")
be = get_backend()
for name in ("qap_h", "msm_g1", "msm_g1_joint", "msm_g2"):
    if hasattr(be, name):
        setattr(be, name, timed(section(name) if name.startswith("msm") else "QAP (qap_h)",
                                getattr(be, name)))
for name in ("g1_mul", "g2_mul", "g1_add", "g2_add"):
    if hasattr(be, name):
        setattr(be, name, timed("blinding (point mul/add)", getattr(be, name)))
t_main = time.perf_counter()
rc = zkgov.main.main(sys.argv[1:])
t_end = time.perf_counter()
out = {"import zkgov.main": t_cli_imported - t_start,
       "import prover modules": t_imported - t_cli_imported,
       "command total": t_end - t_main, **seconds}
out["other (glue, lazy imports)"] = out["command total"] - sum(seconds.values())
print(json.dumps({"rc": rc, "inside_seconds": t_end - t_start,
                  "seconds": {k: round(v, 4) for k, v in out.items()}}))
"""


# ---- peers --------------------------------------------------------------------------------------


@dataclass
class Peers:
    """The provers found (name → command prefix) and those skipped (name → reason)."""

    found: dict[str, list[str]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def find_rapidsnark(explicit: str | None, environ: Mapping[str, str],
                    default: Path = RAPIDSNARK_DEFAULT) -> tuple[Path | None, str]:
    """rapidsnark's ``prover``: ``explicit``, else ``$RAPIDSNARK``, else ``default``. Returns
    the path, or None and why it is not there."""
    choices = (("--rapidsnark", explicit), (RAPIDSNARK_ENV, environ.get(RAPIDSNARK_ENV)))
    for origin, value in choices:
        if value:
            path = Path(value)
            if path.is_file() and os.access(path, os.X_OK):
                return path, ""
            return None, f"{origin}={value} is not an executable file"
    if default.is_file() and os.access(default, os.X_OK):
        return default, ""
    return None, (f"not built: run benchmarks/build_rapidsnark.sh SRC_RAPIDSNARK SRC_FFIASM "
                  f"(installs {default}), or pass --rapidsnark PATH or set {RAPIDSNARK_ENV}")


def discover_peers(rapidsnark: str | None, environ: Mapping[str, str], *,
                   zkgov_cli: list[str], snarkjs_cli: Path = SNARKJS,
                   node: str | None = None, python: str = sys.executable,
                   has_groth16py: bool | None = None,
                   rapidsnark_default: Path = RAPIDSNARK_DEFAULT) -> Peers:
    """Which provers this machine has; each one missing gets the reason it is skipped."""
    peers = Peers(found={"zkgov": [*zkgov_cli, "groth16", "prove"]})
    path, why = find_rapidsnark(rapidsnark, environ, rapidsnark_default)
    if path is not None:
        peers.found["rapidsnark"] = [str(path)]
    else:
        peers.skipped["rapidsnark"] = why
    node = node if node is not None else shutil.which("node")
    if not node:
        peers.skipped["snarkjs"] = "node not found"
    elif not snarkjs_cli.is_file():
        peers.skipped["snarkjs"] = f"{snarkjs_cli} missing (make node-deps)"
    else:
        peers.found["snarkjs"] = [node, str(snarkjs_cli), "groth16", "prove"]
    if has_groth16py is None:
        has_groth16py = importlib.util.find_spec("groth16py") is not None
    if has_groth16py:
        peers.found["groth16py"] = [python, "-c", _GROTH16PY]
    else:
        peers.skipped["groth16py"] = ("not installed (make bench installs it: pip install "
                                      "groth16py, GPL-3.0)")
    return peers


# ---- figures ------------------------------------------------------------------------------------


def best_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of a prover's runs (its time and peak RSS), with every run's time listed.
    A failed run makes the whole entry a failure carrying its error."""
    for run in runs:
        if "seconds" not in run or "failed_exit_code" in run or "timed_out_after_s" in run:
            return {"failed": run.get("error") or run.get("reason") or "failed", "runs": runs}
    best = min(runs, key=lambda r: r["seconds"])
    figures = {"seconds": best["seconds"], "peak_rss_mb": best["peak_rss_mb"]}
    if "cpu_seconds" in best:
        figures["cpu_seconds"] = best["cpu_seconds"]
    return {**figures, "runs": [r["seconds"] for r in runs]}


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs to three places; None when either is missing or theirs is zero."""
    if ours is None or theirs is None or theirs == 0:
        return None
    return round(ours / theirs, 3)


def assemble_row(log_domain: int, origin: str, provers: Mapping[str, dict[str, Any]],
                 skipped: Mapping[str, str], load_before: float) -> dict[str, Any]:
    """One size and key origin: every prover's figures, the skipped ones with their reason,
    and zkgov / rapidsnark for time and peak RSS (and zkgov / every other prover's time)."""
    row: dict[str, Any] = {"log_domain": log_domain, "key_origin": origin,
                           "load_1m_before": round(load_before, 2),
                           "provers": dict(provers), "skipped": dict(skipped)}
    ours = provers.get("zkgov", {})
    ratios: dict[str, float | None] = {}
    for peer, figures in provers.items():
        if peer == "zkgov":
            continue
        ratios[f"time_vs_{peer}"] = ratio(ours.get("seconds"), figures.get("seconds"))
        ratios[f"rss_vs_{peer}"] = ratio(ours.get("peak_rss_mb"), figures.get("peak_rss_mb"))
        ratios[f"cpu_vs_{peer}"] = ratio(ours.get("cpu_seconds"), figures.get("cpu_seconds"))
    row["zkgov_ratio"] = ratios
    return row


def summary_table(rows: list[dict[str, Any]]) -> list[str]:
    """One line per row: zkgov's time and memory against rapidsnark's (for the terminal)."""
    lines = []
    for row in rows:
        z = row["provers"].get("zkgov", {})
        line = (f"2^{row['log_domain']} {row['key_origin']:7} zkgov {z.get('seconds')} s "
                f"{z.get('cpu_seconds')} s CPU {z.get('peak_rss_mb')} MB | ")
        r = row["provers"].get("rapidsnark")
        if r is None:
            line += "rapidsnark skipped"
        else:
            ratios = row["zkgov_ratio"]
            line += (f"rapidsnark {r.get('seconds')} s {r.get('cpu_seconds')} s CPU "
                     f"{r.get('peak_rss_mb')} MB | time x{ratios.get('time_vs_rapidsnark')} "
                     f"cpu x{ratios.get('cpu_vs_rapidsnark')} "
                     f"rss x{ratios.get('rss_vs_rapidsnark')}")
        lines.append(line)
    return lines


# ---- inputs -------------------------------------------------------------------------------------


def zkgov_cli() -> list[str]:
    """The ``zkgov`` console script beside this interpreter, else ``python -m zkgov.main``."""
    script = shutil.which("zkgov", path=str(Path(sys.executable).parent))
    return [script] if script else list(ZKGOV)


def run_quiet(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:5])} … failed ({done.returncode}): "
                           f"{(done.stdout + done.stderr)[-1500:]}")


def ptau_for(power: int, work: Path, runner: Runner, make_power: int | None = None) -> Path:
    """A prepared ``.ptau`` of at least ``power`` from ``work``; when there is none, one of
    ``make_power`` (≥ power: the largest size of the run) is made and kept."""
    found = sorted(work.glob("ptau_*/pp_final.ptau"),
                   key=lambda p: int(p.parent.name.split("_")[1]))
    for path in found:
        if int(path.parent.name.split("_")[1]) >= power:
            return path
    make_power = max(power, make_power or power)
    folder = work / f"ptau_{make_power}"
    folder.mkdir(parents=True, exist_ok=True)
    row: dict[str, Any] = {"tag": f"ptau 2^{make_power}", "steps": {}}
    prepared = prepared_ptau(runner, make_power, folder, with_snarkjs=False,
                             snarkjs_prepare=False, row=row, contributed=None)
    for step in ("pp_0.ptau", "pp_1.ptau"):  # the unprepared steps are not needed again
        (folder / step).unlink(missing_ok=True)
    return prepared


def circuit_files(log_domain: int, work: Path) -> Path:
    """The chain's ``.r1cs`` and ``.wtns`` for a 2^log_domain domain, in work/chain_k (kept)."""
    from zk.curve.encoding import pack_scalars
    from zk.files import write_atomic
    from zk.formats.r1cs import write_r1cs
    from zk.formats.wtns import write_wtns_packed

    folder = work / f"chain_{log_domain}"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "witness.wtns").exists():
        circuit, witness = chain_circuit(log_domain), chain_witness(log_domain)
        circuit.check(witness)
        write_atomic(folder / "chain.r1cs", write_r1cs(circuit))
        write_atomic(folder / "witness.wtns", write_wtns_packed(pack_scalars(witness)))
    return folder


def key_for(origin: str, folder: Path, work: Path, log_domain: int, runner: Runner,
            zkgov: list[str], node: str | None, ptau_power: int | None = None
            ) -> tuple[Path, Path]:
    """The ``.zkey`` of ``origin`` for the chain in ``folder`` and its verification key (kept)."""
    zkey, vk = folder / f"{origin}.zkey", folder / f"{origin}_vk.json"
    if zkey.exists() and vk.exists():
        return zkey, vk
    if origin == "zkgov":
        run_quiet([*zkgov, "setup", "chain.r1cs", "--zkey", zkey.name, "--vk", vk.name,
                   "--quiet"], folder)
    elif origin == "snarkjs":
        if not node or not SNARKJS.is_file():
            raise LookupError("snarkjs (node and .cache/npm) is needed for snarkjs-made keys")
        ptau = ptau_for(log_domain, work, runner, ptau_power).resolve()
        run_quiet([node, str(SNARKJS), "groth16", "setup", "chain.r1cs", str(ptau),
                   "snarkjs_0.zkey"], folder)
        run_quiet([node, str(SNARKJS), "zkey", "contribute", "snarkjs_0.zkey", zkey.name,
                   "--name=bench", "-e=prove-peers entropy"], folder)
        (folder / "snarkjs_0.zkey").unlink()
        run_quiet([*zkgov, "zkey", "export", "verificationkey", zkey.name, vk.name], folder)
    else:
        raise ValueError(f"unknown key origin {origin!r}")
    return zkey, vk


# ---- measuring ----------------------------------------------------------------------------------


def prove_once(peer: str, prefix: list[str], zkey: Path, wtns: Path, out: Path,
               runner: Runner) -> dict[str, Any]:
    proof, public = out / f"{peer}_proof.json", out / f"{peer}_public.json"
    for stale in (proof, public):
        stale.unlink(missing_ok=True)
    args = [str(zkey), str(wtns), str(proof)]
    if peer != "groth16py":
        args.append(str(public))
    if peer == "zkgov":
        args.append("--quiet")
    return runner.measure(f"{peer} prove {zkey.name}", [*prefix, *args], out)


def verify(zkgov: list[str], vk: Path, public: Path, proof: Path) -> bool:
    done = subprocess.run([*zkgov, "groth16", "verify", str(vk), str(public), str(proof),
                           "--quiet"], capture_output=True, text=True, check=False)
    return done.returncode == 0


def measure_size(log_domain: int, origin: str, peers: Peers, work: Path, repeat: int,
                 runner: Runner, zkgov: list[str], node: str | None,
                 ptau_power: int | None = None) -> dict[str, Any]:
    folder = circuit_files(log_domain, work)
    wtns = folder / "witness.wtns"
    zkey, vk = key_for(origin, folder, work, log_domain, runner, zkgov, node, ptau_power)
    out = folder / f"proofs_{origin}"
    out.mkdir(exist_ok=True)
    load_before = os.getloadavg()[0]
    provers: dict[str, dict[str, Any]] = {}
    for peer in PEERS:
        if peer not in peers.found:
            continue
        runs = [prove_once(peer, peers.found[peer], zkey, wtns, out, runner)
                for _ in range(repeat)]
        figures = best_of(runs)
        if "failed" not in figures:
            # groth16py writes no public.json: its proof is checked against zkgov's.
            public = out / ("zkgov_public.json" if peer == "groth16py" else f"{peer}_public.json")
            figures["verified"] = verify(zkgov, vk, public, out / f"{peer}_proof.json")
        provers[peer] = figures
    row = assemble_row(log_domain, origin, provers, peers.skipped, load_before)
    row["zkey_mb"] = round(zkey.stat().st_size / 2**20, 1)
    return row


def profile_size(log_domain: int, origin: str, work: Path, runner: Runner,
                 zkgov: list[str], node: str | None,
                 ptau_power: int | None = None) -> dict[str, Any]:
    """``zkgov groth16 prove`` with timers around its steps (one run)."""
    folder = circuit_files(log_domain, work)
    zkey, _ = key_for(origin, folder, work, log_domain, runner, zkgov, node, ptau_power)
    out = folder / f"proofs_{origin}"
    out.mkdir(exist_ok=True)
    load_before = os.getloadavg()[0]
    cmd = [sys.executable, "-c", _PROFILE, "groth16", "prove", str(zkey),
           str(folder / "witness.wtns"), str(out / "profile_proof.json"),
           str(out / "profile_public.json"), "--quiet"]
    measured = subprocess.run([sys.executable, "-c", _WALL, *cmd], capture_output=True,
                              text=True, check=False)
    if measured.returncode != 0:
        return {"log_domain": log_domain, "key_origin": origin,
                "failed": measured.stderr[-1500:]}
    wall, inner = measured.stdout.strip().splitlines()[-2:]
    wall_seconds = json.loads(wall)["seconds"]
    report = json.loads(inner)
    steps = {"python start-up and exit": round(wall_seconds - report["inside_seconds"], 4),
             **report["seconds"]}
    return {"log_domain": log_domain, "key_origin": origin, "load_1m_before": load_before,
            "wall_seconds": round(wall_seconds, 4), "steps_seconds": steps}


# The whole process's wall time, measured from outside, printed after the command's own output.
_WALL = r"""
import json, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - t
sys.stderr.write(done.stderr)
if done.returncode != 0:
    sys.exit(done.returncode)
print(json.dumps({"seconds": seconds}))
print(done.stdout.strip().splitlines()[-1])
"""


# ---- driver -------------------------------------------------------------------------------------


def parse_logs(text: str) -> list[int]:
    """``"12,14,16"`` → [12, 14, 16]; each between 6 and 28."""
    logs = [int(part) for part in text.split(",") if part.strip()]
    if not logs or any(not 6 <= k <= 28 for k in logs):
        raise argparse.ArgumentTypeError(f"--logs wants powers between 6 and 28, got {text!r}")
    return logs


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--logs", type=parse_logs, default=list(DEFAULT_LOGS),
                   help="domain sizes 2^k (comma-separated k; default 12,14,16,18)")
    p.add_argument("--origins", default=",".join(ORIGINS),
                   help=f"key origins, a subset of {','.join(ORIGINS)}")
    p.add_argument("--peers", default=",".join(PEERS),
                   help=f"provers to run, a subset of {','.join(PEERS)} (zkgov always runs)")
    p.add_argument("--repeat", type=int, default=2, help="runs per prover (the best is kept)")
    p.add_argument("--rapidsnark", help=f"rapidsnark's prover (else ${RAPIDSNARK_ENV}, else "
                   f"{RAPIDSNARK_DEFAULT.relative_to(ROOT)})")
    p.add_argument("--profile", action="store_true",
                   help="also time the steps of `zkgov groth16 prove` for each size and key")
    p.add_argument("--profile-only", action="store_true", help="only the step profile")
    p.add_argument("--work", type=Path, default=ROOT / ".cache" / "prove-peers",
                   help="where keys, witnesses and .ptau files are kept between runs")
    p.add_argument("--step-timeout", type=float, default=0,
                   help="cut off any one prover run after this many seconds (0: no limit)")
    args = p.parse_args(argv)
    origins = [o for o in args.origins.split(",") if o]
    wanted = [w for w in args.peers.split(",") if w]
    unknown = (set(origins) - set(ORIGINS)) | (set(wanted) - set(PEERS))
    if unknown or args.repeat < 1:
        p.error(f"unknown origin or prover: {', '.join(sorted(unknown))}" if unknown
                else "--repeat must be at least 1")
    args.origins, args.peer_names = origins, wanted
    return args


def native_kernels() -> dict[str, str]:
    """The native core's field multiplication and MSM additions (``adx``/``portable``,
    ``ifma``/``scalar``), as zkgov's prover process will choose them."""
    try:
        from zk.native import _bn254
    except ImportError:
        return {}
    return {"field_kernel": _bn254.kernel(), "msm_kernel": _bn254.msm_kernel()}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    compile_packages()
    zkgov = zkgov_cli()
    node = shutil.which("node")
    peers = discover_peers(args.rapidsnark, os.environ, zkgov_cli=zkgov, node=node or "")
    for name in PEERS:
        if name != "zkgov" and name not in args.peer_names and name in peers.found:
            del peers.found[name]
            peers.skipped[name] = "not asked for (--peers)"
    for name, why in peers.skipped.items():
        print(f"skipping {name}: {why}", file=sys.stderr)
    origins = list(args.origins)
    skipped_origins = {}
    if "snarkjs" in origins and (not node or not SNARKJS.is_file()):
        origins.remove("snarkjs")
        skipped_origins["snarkjs"] = "snarkjs (node and .cache/npm) is needed to make its keys"
        print("skipping snarkjs-made keys: node or snarkjs missing", file=sys.stderr)
    runner = Runner(args.step_timeout)
    rows, profiles = [], []
    for log_domain in args.logs:
        for origin in origins:
            if not args.profile_only:
                row = measure_size(log_domain, origin, peers, args.work, args.repeat, runner,
                                   zkgov, node, max(args.logs))
                rows.append(row)
                print(json.dumps({k: v for k, v in row.items() if k != "skipped"}),
                      file=sys.stderr, flush=True)
            if args.profile or args.profile_only:
                profiles.append(profile_size(log_domain, origin, args.work, runner, zkgov, node,
                                             max(args.logs)))
                print(json.dumps(profiles[-1]), file=sys.stderr, flush=True)
    report: dict[str, Any] = {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "python": platform.python_version(), **native_kernels(),
                    "load_average_at_end": [round(v, 2) for v in os.getloadavg()]},
        "rapidsnark": peers.found.get("rapidsnark", [None])[0],
        "skipped_provers": peers.skipped,
        "skipped_key_origins": skipped_origins,
        "repeat": args.repeat,
        "results": rows,
    }
    if profiles:
        report["zkgov_profile"] = profiles
    print(json.dumps(report, indent=1))
    for line in summary_table(rows):
        print(line, file=sys.stderr)
    failed = [(r["log_domain"], r["key_origin"], p) for r in rows
              for p, f in r["provers"].items() if "failed" in f or f.get("verified") is False]
    if failed:
        print(f"failed or unverified proofs: {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
