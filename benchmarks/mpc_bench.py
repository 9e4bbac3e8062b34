"""MPC benchmark: zkgov against MPyC, 3 parties as separate processes on 127.0.0.1.

    python benchmarks/mpc_bench.py [--quick | --scale K] [--skip-mpyc] [--out FILE]

Workloads (each timed at party 1 from a barrier to the revealed result, after an untimed
warm-up round of every workload at a tenth of its size, for both engines; ``--repeat K`` times,
default 3, and the median reported: three processes share the cores, so one run can lose a few
milliseconds to the scheduler):

* ``mul_1e4``      — 10^4 multiplications, one secure vector times another;
* ``lt_1e3``, ``lt_1e4`` — 10^3 and 10^4 comparisons x < y, vectorized;
* ``meanvar_1e5``  — mean and (sample) variance of 10^5 values held by the three parties
  (~33,334 each), *including* sharing the inputs, both results exact (zkgov shares the column
  in its two 64-bit fields at input, as ``zkgov mpc party`` does, and combines by CRT).

zkgov runs with mutual TLS (its default) and in plaintext; MPyC runs as 3 local processes
(``-M3 -I i``, its plain TCP: it has no TLS unless configured), with its secure arrays and the
``secint`` sizes that hold each workload (32-bit for products and comparisons, 64-bit for the
variance numerator). Prints one JSON document: per row the seconds of each, the ratio
MPyC / zkgov-TLS, plus the peak RSS of each party process (``ru_maxrss``: the largest in KiB,
and every party's in MiB). ``--scale K`` multiplies every size by K (``--scale 10``: 10^5
multiplications and comparisons, the variance of 10^6 values).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261122
SIZES = {"mul": 10**4, "lt_small": 10**3, "lt_large": 10**4, "meanvar": 10**5}


def workload_data(sizes: dict[str, int]) -> dict[str, list]:
    """The same pseudo-random inputs for both engines (values fit 31-bit signed integers, so
    MPyC's 32-bit comparisons of differences are exact; variance data are 16-bit)."""
    rng = random.Random(SEED)
    big = 2**30 - 1
    n = sizes["meanvar"]
    return {
        "x": [rng.randint(-big, big) for _ in range(sizes["lt_large"])],
        "y": [rng.randint(-big, big) for _ in range(sizes["lt_large"])],
        "col": [rng.randint(-2**15, 2**15 - 1) for _ in range(n)],
    }


def my_part(col: list[int], party: int, parties: int = 3) -> list[int]:
    k = (len(col) + parties - 1) // parties
    return col[(party - 1) * k:party * k]


def expected(data: dict[str, list], sizes: dict[str, int]) -> dict[str, object]:
    x, y, col = data["x"], data["y"], data["col"]
    n = len(col)
    s1, s2 = sum(col), sum(v * v for v in col)
    return {"mul": sum(a * b for a, b in zip(x[:sizes["mul"]], y[:sizes["mul"]])) % 1000003,
            "lt_small": sum(a < b for a, b in zip(x[:sizes["lt_small"]], y)),
            "lt_large": sum(a < b for a, b in zip(x[:sizes["lt_large"]], y)),
            "mean": Fraction(s1, n), "variance": Fraction(n * s2 - s1 * s1, n * (n - 1))}


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# ----- zkgov worker ---------------------------------------------------------------------------
def zkgov_worker(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    from mpc import statistics as stats
    from mpc.config import load_config
    from mpc.field import companion_field
    from mpc.runtime import Runtime
    from mpc.secure import SecureVector
    from mpc.session import run

    sizes = json.loads(args.sizes)
    data = workload_data(sizes)
    config = load_config(args.config)
    times: dict[str, list[float]] = {}
    checks: dict[str, object] = {}

    def barrier(rt: Runtime) -> None:
        SecureVector.concat(rt.input([0] if rt.party_id == 1 else [])).reveal()

    def workloads(rt: Runtime, sz: dict[str, int], record: bool) -> None:
        me = rt.party_id
        m, small, large = sz["mul"], sz["lt_small"], sz["lt_large"]
        x = rt.input(data["x"][:large] if me == 1 else [])[0]
        y = rt.input(data["y"][:large] if me == 2 else [])[1]
        took: dict[str, float] = {}
        barrier(rt)
        t = time.perf_counter()
        prod = (x[:m] * y[:m]).reveal()
        took["mul"] = time.perf_counter() - t
        checks["mul"] = sum(prod) % 1000003
        for key, size in (("lt_small", small), ("lt_large", large)):
            barrier(rt)
            t = time.perf_counter()
            bits = (x[:size] < y[:size]).reveal()
            took[key] = time.perf_counter() - t
            checks[key] = sum(bits)
        barrier(rt)
        t = time.perf_counter()
        col = SecureVector.concat(rt.input(my_part(data["col"][:sz["meanvar"]], me), bits=17,
                                           twin_fields=[companion_field(rt.field)]))
        # both in one opening round, as MPyC outputs them together below
        mean, var = stats.reveal_ratios([stats.mean(col), stats.variance(col)])
        took["meanvar"] = time.perf_counter() - t
        checks["mean"], checks["variance"] = mean, var
        if record:
            for key, seconds in took.items():
                times.setdefault(key, []).append(seconds)

    def program(rt: Runtime) -> None:
        workloads(rt, {k: max(v // 10, 1) for k, v in sizes.items()}, record=False)  # warm-up
        for _ in range(args.repeat):
            workloads(rt, sizes, record=True)

    run(program, party_id=args.id, config=config, plaintext=args.plaintext)
    print(json.dumps({"times": times, "checks": {k: str(v) for k, v in checks.items()},
                      "peak_rss_kib": peak_rss_kib()}))


# ----- MPyC worker (MPyC parses -M/-I/-B itself from the command line) -----------------------
def mpyc_worker(args: argparse.Namespace) -> None:
    import numpy as np
    from mpyc.runtime import mpc

    sizes = json.loads(args.sizes)
    data = workload_data(sizes)
    secint32, secint64 = mpc.SecInt(32), mpc.SecInt(64)
    times: dict[str, list[float]] = {}
    checks: dict[str, object] = {}

    async def workloads(sz: dict[str, int], record: bool) -> None:
        me = mpc.pid
        m, small, large = sz["mul"], sz["lt_small"], sz["lt_large"]
        x = mpc.input(secint32.array(np.array(data["x"][:large] if me == 0 else [0] * large)), 0)
        y = mpc.input(secint32.array(np.array(data["y"][:large] if me == 1 else [0] * large)), 1)
        took: dict[str, float] = {}
        await mpc.barrier()
        t = time.perf_counter()
        prod = await mpc.output(x[:m] * y[:m])
        took["mul"] = time.perf_counter() - t
        checks["mul"] = int(sum(int(v) for v in prod)) % 1000003
        for key, size in (("lt_small", small), ("lt_large", large)):
            await mpc.barrier()
            t = time.perf_counter()
            bits = await mpc.output(x[:size] < y[:size])
            took[key] = time.perf_counter() - t
            checks[key] = int(sum(int(v) for v in bits))
        await mpc.barrier()
        t = time.perf_counter()
        column = data["col"][:sz["meanvar"]]
        parts = [my_part(column, p + 1) for p in range(3)]
        cols = [mpc.input(secint64.array(np.array(parts[p] if me == p else [0] * len(parts[p]))),
                          p) for p in range(3)]
        col = mpc.np_concatenate(cols)
        n = len(column)
        s1 = mpc.np_sum(col)
        s2 = col @ col
        v = n * s2 - s1 * s1
        s1_out, v_out = await mpc.output([s1, v])
        took["meanvar"] = time.perf_counter() - t
        checks["mean"] = Fraction(int(s1_out), n)
        checks["variance"] = Fraction(int(v_out), n * (n - 1))
        if record:
            for key, seconds in took.items():
                times.setdefault(key, []).append(seconds)

    async def main() -> None:
        await mpc.start()
        await workloads({k: max(v // 10, 1) for k, v in sizes.items()}, record=False)
        for _ in range(args.repeat):
            await workloads(sizes, record=True)
        await mpc.shutdown()

    mpc.run(main())
    print(json.dumps({"times": times, "checks": {k: str(v) for k, v in checks.items()},
                      "peak_rss_kib": peak_rss_kib()}))


# ----- driver ---------------------------------------------------------------------------------
def free_ports(count: int) -> list[int]:
    socks = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def consecutive_free_ports(count: int) -> int:
    while True:
        base = free_ports(1)[0]
        if base + count > 65000:
            continue
        try:
            socks = []
            for p in range(base, base + count):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            for s in socks:
                s.close()
            return base
        except OSError:
            for s in socks:
                s.close()


def run_parties(commands: list[list[str]], timeout: float) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, cwd=ROOT) for c in commands]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        if p.returncode != 0:
            raise RuntimeError(f"party failed ({p.returncode}): {err.strip()[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def zkgov_deployment(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from mpc.certs import issue, write_set

    ports = free_ports(3)
    lines = ["[mpc]", "threshold = 1", 'field = "goldilocks"', "timeout = 120", 'ca = "ca.pem"']
    for i, port in enumerate(ports, start=1):
        lines += ["[[party]]", f"id = {i}", 'host = "127.0.0.1"', f"port = {port}",
                  f'cert = "p{i}.pem"', f'key = "p{i}.key"']
    path = folder / "parties.toml"
    path.write_text("\n".join(lines) + "\n")
    write_set(issue({i: "127.0.0.1" for i in (1, 2, 3)}, days=1), folder / "ca.pem",
              {i: (folder / f"p{i}.pem", folder / f"p{i}.key") for i in (1, 2, 3)})
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("role", nargs="?", default="driver",
                        choices=("driver", "zkgov-worker", "mpyc-worker"))
    parser.add_argument("--quick", action="store_true", help="10× smaller workloads")
    parser.add_argument("--scale", type=int, default=1, help="multiply every size by this")
    parser.add_argument("--skip-mpyc", action="store_true")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs of each workload (the median is reported)")
    parser.add_argument("--out", help="also write the JSON here")
    parser.add_argument("--id", type=int)
    parser.add_argument("--config")
    parser.add_argument("--plaintext", action="store_true")
    parser.add_argument("--sizes", default=json.dumps(SIZES))
    args, _mpyc_args = parser.parse_known_args()
    if args.role == "zkgov-worker":
        return zkgov_worker(args)
    if args.role == "mpyc-worker":
        return mpyc_worker(args)

    sizes = {k: v // 10 for k, v in SIZES.items()} if args.quick else \
        {k: v * args.scale for k, v in SIZES.items()}
    sizes_json = json.dumps(sizes)
    want = expected(workload_data(sizes), sizes)
    me = [sys.executable, str(Path(__file__).resolve())]
    engines: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        config = zkgov_deployment(Path(tmp))
        for name, extra in (("zkgov_tls", []), ("zkgov_plaintext", ["--plaintext"])):
            engines[name] = run_parties(
                [[*me, "zkgov-worker", "--id", str(i), "--config", str(config),
                  "--sizes", sizes_json, "--repeat", str(args.repeat), *extra]
                 for i in (1, 2, 3)], timeout=1800)
    if not args.skip_mpyc:
        base = consecutive_free_ports(3)
        engines["mpyc"] = run_parties(
            [[*me, "mpyc-worker", "--sizes", sizes_json, "--repeat", str(args.repeat), "-M3",
              f"-I{i}", "-B", str(base), "--no-log"] for i in range(3)], timeout=3600)
    rows = []
    labels = {"mul": "{} multiplications", "lt_small": "{} comparisons",
              "lt_large": "{} comparisons", "meanvar": "mean+variance of {} (with input)"}
    for key, label in labels.items():
        row: dict[str, object] = {"workload": label.format(_power(sizes[key])),
                                  "size": sizes[key]}
        for name, parties in engines.items():
            runs = parties[0]["times"][key]
            row[f"{name}_s"] = round(statistics.median(runs), 4)
            row[f"{name}_runs_s"] = [round(v, 4) for v in runs]
        if "mpyc" in engines:
            row["mpyc_over_zkgov_tls"] = round(row["mpyc_s"] / row["zkgov_tls_s"], 2)
            row["faster_than_mpyc"] = row["mpyc_s"] > row["zkgov_tls_s"]
        rows.append(row)
    correct = {}
    for name, parties in engines.items():
        checks = parties[0]["checks"]
        correct[name] = all(str(want[k]) == checks[k] for k in want)
    report = {
        "benchmark": "mpc", "parties": 3, "threshold": 1, "transport": "TCP on 127.0.0.1",
        "zkgov": {"field": "goldilocks (2^64 - 2^32 + 1)", "tls": "mutual TLS 1.3 (zkgov_tls)"},
        "mpyc": {"version": _mpyc_version(), "mode": "3 processes: -M3 -I i, plain TCP",
                 "gmpy2": _has("gmpy2"), "types": "secint32 arrays; secint64 for mean/var"},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "timed_runs": args.repeat, "reported": "median of the timed runs, at party 1",
        "rows": rows, "results_correct": correct,
        "peak_rss_kib": {name: max(p["peak_rss_kib"] for p in parties)
                         for name, parties in engines.items()},
        "peak_rss_mib_per_party": {name: [round(p["peak_rss_kib"] / 1024) for p in parties]
                                   for name, parties in engines.items()},
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")


def _power(n: int) -> str:
    """10^k for a power of ten, else the number."""
    k = len(str(n)) - 1
    return f"10^{k}" if n == 10**k else str(n)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _mpyc_version() -> str | None:
    # importing mpyc would parse this script's command line as MPyC options
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mpyc")
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    main()
