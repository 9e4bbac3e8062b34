"""Ledger service load test: appends/s on SQLite and PostgreSQL, directly with several writer
processes and through the HTTP API with concurrent client processes. Prints JSON.

    python benchmarks/ledger_service_bench.py                 # about a minute
    python benchmarks/ledger_service_bench.py --seconds 3 --writers 4 --clients 8

Loopback only, bounded in time (``--seconds`` per scenario) and count. Scenarios, on each
engine (PostgreSQL: a throwaway cluster with fsync on, on a private socket; skipped without
PostgreSQL's binaries):

* ``direct``: ``--writers`` processes, each appending one commitment per transaction through
  :class:`ledger.Ledger` (one fsync and one signed checkpoint per append, writers sequenced
  by the engine's lock) — the writer-processes case of many clerks' workstations;
* ``http_single``: ``zkgov ledger serve`` in its own process, ``--clients`` processes each
  sending one commitment per request (the server batches concurrent requests);
* ``http_batch``: the same, ``--batch`` commitments per request;
* ``http_proof``: proof records (the snarkjs multiplier fixture), each verified before it
  is appended.

Each gives records/s, request latency p50/p99 (ms) and the server's peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger import Ledger, NoteSigner, admit_commitment  # noqa: E402
from ledger.keys import read_signer_key, write_signer_key  # noqa: E402
from ledger.storage.cluster import TemporaryCluster, unavailable_reason  # noqa: E402

FORK = multiprocessing.get_context("fork")
FIXTURE = ROOT / "tests" / "fixtures" / "ledger" / "snarkjs-multiplier"


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1e3, 2)


def _summary(records: int, seconds: float, latencies: list[float]) -> dict:
    out = {"records": records, "seconds": round(seconds, 2),
           "records_per_s": round(records / seconds, 1)}
    if latencies:
        out.update(requests=len(latencies), p50_ms=_percentile(latencies, 0.50),
                   p99_ms=_percentile(latencies, 0.99),
                   mean_ms=round(statistics.fmean(latencies) * 1e3, 2))
    return out


def _new_ledger(location: str, folder: Path, name: str) -> Path:
    key = folder / f"{name}.key"
    signer = NoteSigner.generate("bench.example.gov/ledger")
    write_signer_key(key, signer)
    Ledger.create(location, signer).close()
    return key


# --- direct appends from several processes -------------------------------------------------
def _direct_writer(location: str, key: Path, deadline: float, out) -> None:
    log = Ledger.open(location, read_signer_key(key))
    latencies, n = [], 0
    while time.time() < deadline:
        start = time.perf_counter()
        log.append_batch([admit_commitment(str(n), context="bench")])
        latencies.append(time.perf_counter() - start)
        n += 1
    log.close()
    out.put(latencies)


def bench_direct(location: str, key: Path, writers: int, seconds: float) -> dict:
    out = FORK.Queue()
    deadline = time.time() + seconds
    procs = [FORK.Process(target=_direct_writer, args=(location, key, deadline, out))
             for _ in range(writers)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    latencies = [x for _ in procs for x in out.get()]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    return {"writers": writers, **_summary(len(latencies), elapsed, latencies)}


# --- through HTTP ------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http_client(url: str, kind: str, batch: int, deadline: float, out) -> None:
    import httpx

    body: object
    if kind == "proof":
        files = {n: json.loads((FIXTURE / f"{n}.json").read_text())
                 for n in ("verification_key", "proof", "public")}
        body = {"verification_key": files["verification_key"], "proof": files["proof"],
                "public": files["public"], "circuit_id": "multiplier", "submitter": "bench"}
        path = "/v1/proofs"
    else:
        body = ([{"commitment": str(i), "context": "bench"} for i in range(batch)]
                if batch > 1 else {"commitment": "1", "context": "bench"})
        path = "/v1/commitments"
    latencies, records, errors = [], 0, 0
    with httpx.Client(base_url=url, timeout=60) as http:
        while time.time() < deadline:
            start = time.perf_counter()
            res = http.post(path, json=body)
            latencies.append(time.perf_counter() - start)
            if res.status_code == 201:
                records += batch if kind != "proof" and batch > 1 else 1
            else:
                errors += 1
    out.put((latencies, records, errors))


def _peak_memory_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def bench_http(location: str, key: Path, clients: int, seconds: float, kind: str,
               batch: int) -> dict:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "zkgov", "ledger", "serve", "--db", location, "--key", str(key),
         "--port", str(port)], cwd=ROOT, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(600):
            try:
                httpx.get(url + "/checkpoint", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        out = FORK.Queue()
        deadline = time.time() + seconds
        procs = [FORK.Process(target=_http_client, args=(url, kind, batch, deadline, out))
                 for _ in range(clients)]
        start = time.perf_counter()
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        elapsed = time.perf_counter() - start
        memory = _peak_memory_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    latencies = [x for lat, _, _ in results for x in lat]
    records = sum(r for _, r, _ in results)
    errors = sum(e for _, _, e in results)
    return {"clients": clients, "batch": batch if kind != "proof" else 1,
            **_summary(records, elapsed, latencies), "errors": errors,
            "server_peak_rss_mib": round(memory / 1024, 1)}


def run_engine(name: str, make_location, folder: Path, args: argparse.Namespace) -> dict:
    results: dict = {}
    key = _new_ledger(loc := make_location("direct"), folder, f"{name}-direct")
    results["direct"] = bench_direct(loc, key, args.writers, args.seconds)
    for scenario, kind, batch in (("http_single", "commitment", 1),
                                  ("http_batch", "commitment", args.batch),
                                  ("http_proof", "proof", 1)):
        key = _new_ledger(loc := make_location(scenario), folder, f"{name}-{scenario}")
        results[scenario] = bench_http(loc, key, args.clients, args.seconds, kind, batch)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per scenario")
    parser.add_argument("--writers", type=int, default=4, help="direct writer processes")
    parser.add_argument("--clients", type=int, default=16, help="HTTP client processes")
    parser.add_argument("--batch", type=int, default=100, help="commitments per batch request")
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    report: dict = {"cpus": os.cpu_count(), "seconds_per_scenario": args.seconds}
    with tempfile.TemporaryDirectory(prefix="zkgov-svc-bench-") as tmp:
        folder = Path(tmp)
        if "sqlite" in args.engines:
            report["sqlite"] = run_engine(
                "sqlite", lambda n: str(folder / f"{n}.sqlite"), folder, args)
        if "postgresql" in args.engines:
            reason = unavailable_reason()
            if reason:
                report["postgresql"] = {"skipped": reason}
            else:
                with TemporaryCluster(fsync=True) as cluster:
                    def location(n: str) -> str:
                        cluster.execute(f"CREATE SCHEMA {n}")
                        return cluster.url(schema=n)

                    report["postgresql"] = run_engine("postgresql", location, folder, args)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
