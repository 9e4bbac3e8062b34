"""The pure parts of benchmarks/prove_peers.py: finding the peers (and saying why one is
skipped), keeping the best run, the zkgov/peer ratios, and the chain circuit's witness."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from zk.errors import ConstraintError

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


peers_bench = _load("prove_peers")
ceremony_bench = _load("ceremony_bench")


def _executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


def test_rapidsnark_is_found_by_flag_then_environment_then_default(tmp_path):
    flag, env, default = (_executable(tmp_path / n) for n in ("flag", "env", "default"))
    find = peers_bench.find_rapidsnark
    assert find(str(flag), {"RAPIDSNARK": str(env)}, default) == (flag, "")
    assert find(None, {"RAPIDSNARK": str(env)}, default) == (env, "")
    assert find(None, {}, default) == (default, "")


def test_a_missing_rapidsnark_is_skipped_with_the_reason(tmp_path):
    find = peers_bench.find_rapidsnark
    path, why = find(None, {}, tmp_path / "absent")
    assert path is None and "build_rapidsnark.sh" in why
    not_executable = tmp_path / "prover"
    not_executable.write_text("")
    path, why = find(str(not_executable), {}, tmp_path / "absent")
    assert path is None and "--rapidsnark" in why and "not an executable" in why
    path, why = find(None, {"RAPIDSNARK": str(tmp_path / "nope")}, _executable(tmp_path / "d"))
    assert path is None and "RAPIDSNARK=" in why  # a wrong setting is not silently replaced


def test_discovery_skips_each_missing_peer_and_always_keeps_zkgov(tmp_path):
    peers = peers_bench.discover_peers(
        None, {}, zkgov_cli=["zkgov"], snarkjs_cli=tmp_path / "cli.cjs", node="",
        has_groth16py=False, rapidsnark_default=tmp_path / "prover")
    assert peers.found == {"zkgov": ["zkgov", "groth16", "prove"]}
    assert set(peers.skipped) == {"rapidsnark", "snarkjs", "groth16py"}
    assert peers.skipped["snarkjs"] == "node not found"
    assert "pip install groth16py" in peers.skipped["groth16py"]

    cli = tmp_path / "cli.cjs"
    cli.write_text("")
    prover = _executable(tmp_path / "prover")
    peers = peers_bench.discover_peers(
        None, {}, zkgov_cli=["zkgov"], snarkjs_cli=cli, node="/usr/bin/node",
        has_groth16py=True, python="/py", rapidsnark_default=prover)
    assert not peers.skipped
    assert peers.found["rapidsnark"] == [str(prover)]
    assert peers.found["snarkjs"] == ["/usr/bin/node", str(cli), "groth16", "prove"]
    assert peers.found["groth16py"][:2] == ["/py", "-c"]


def test_snarkjs_without_its_cli_is_skipped(tmp_path):
    peers = peers_bench.discover_peers(
        None, {}, zkgov_cli=["zkgov"], snarkjs_cli=tmp_path / "cli.cjs", node="/usr/bin/node",
        has_groth16py=False, rapidsnark_default=tmp_path / "prover")
    assert "missing" in peers.skipped["snarkjs"]


def test_the_best_run_is_kept_and_a_failed_run_fails_the_entry():
    runs = [{"seconds": 0.9, "peak_rss_mb": 50.0, "cpu_seconds": 1.1},
            {"seconds": 0.7, "peak_rss_mb": 52.5, "cpu_seconds": 1.3}]
    assert peers_bench.best_of(runs) == {"seconds": 0.7, "peak_rss_mb": 52.5,
                                         "cpu_seconds": 1.3, "runs": [0.9, 0.7]}
    failed = peers_bench.best_of([runs[0], {"failed_exit_code": 2, "error": "bad key",
                                            "seconds": 0.1, "peak_rss_mb": 9.0}])
    assert failed["failed"] == "bad key" and "seconds" not in failed
    timed_out = peers_bench.best_of([{"timed_out_after_s": 5.0, "peak_rss_mb": 9.0}])
    assert "failed" in timed_out


def test_ratios_are_zkgov_over_each_peer():
    provers = {"zkgov": {"seconds": 1.5, "peak_rss_mb": 90.0, "cpu_seconds": 2.0},
               "rapidsnark": {"seconds": 3.0, "peak_rss_mb": 60.0, "cpu_seconds": 8.0},
               "snarkjs": {"failed": "boom"}}
    row = peers_bench.assemble_row(16, "snarkjs", provers, {"groth16py": "absent"}, 1.234)
    assert row["zkgov_ratio"]["time_vs_rapidsnark"] == 0.5
    assert row["zkgov_ratio"]["rss_vs_rapidsnark"] == 1.5
    assert row["zkgov_ratio"]["cpu_vs_rapidsnark"] == 0.25
    assert row["zkgov_ratio"]["time_vs_snarkjs"] is None  # a failed peer has no ratio
    assert row["skipped"] == {"groth16py": "absent"}
    assert (row["log_domain"], row["key_origin"], row["load_1m_before"]) == (16, "snarkjs", 1.23)
    assert "time_vs_groth16py" not in row["zkgov_ratio"]
    line = peers_bench.summary_table([row])[0]
    assert "2^16" in line and "x0.5" in line and "x1.5" in line and "x0.25" in line
    alone = peers_bench.assemble_row(12, "zkgov", {"zkgov": provers["zkgov"]},
                                     {"rapidsnark": "not built"}, 0.5)
    assert alone["zkgov_ratio"] == {}
    assert peers_bench.summary_table([alone])[0].endswith("rapidsnark skipped")


def test_ratio_edges():
    assert peers_bench.ratio(None, 1.0) is None
    assert peers_bench.ratio(1.0, 0) is None
    assert peers_bench.ratio(2.0, 3.0) == 0.667


def test_logs_and_origins_are_checked():
    assert peers_bench.parse_logs("12,14") == [12, 14]
    for bad in ("", "3", "12,40"):
        with pytest.raises(Exception, match="powers between"):
            peers_bench.parse_logs(bad)
    with pytest.raises(SystemExit):
        peers_bench.parse_args(["--origins", "bellman"])
    with pytest.raises(SystemExit):
        peers_bench.parse_args(["--repeat", "0"])


def test_the_chain_witness_satisfies_the_chain_r1cs_and_a_changed_one_does_not():
    power = 5
    circuit, witness = ceremony_bench.chain_circuit(power), ceremony_bench.chain_witness(power)
    assert len(witness) == circuit.n_wires
    assert circuit.n_constraints == (1 << power) - 4
    circuit.check(witness)
    for wire in (1, 2, 3, len(witness) - 1):
        changed = list(witness)
        changed[wire] += 1
        with pytest.raises(ConstraintError):
            circuit.check(changed)


def test_the_profile_names_every_msm_and_the_proof_check(tmp_path):
    """``--profile`` times the MSMs by the key sections each works on (B1 and C are copied
    out of their odd offsets first, so the label follows the prover, not the buffer) and the
    proof's own check."""
    row = peers_bench.profile_size(4, "zkgov", tmp_path, ceremony_bench.Runner(0),
                                   peers_bench.zkgov_cli(), None)
    assert "failed" not in row, row
    steps = row["steps_seconds"]
    for section in ("a_points", "b1_points"):
        assert f"msm_g1 {section}" in steps
    # a small key's C and H are one MSM (zk.groth16.prover.JOINT_MSM_MAX_DOMAIN)
    assert "msm_g1 c_points + h_points" in steps
    assert "msm_g2 b2_points" in steps
    assert "check the proof (pairing)" in steps
    assert not [name for name in steps if name.endswith(" other")]
