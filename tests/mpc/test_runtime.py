"""The party runtime: ``run`` over TCP, ``run_local`` in-process, and how failures surface."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from mpc.config import load_config
from mpc.errors import MpcInputError
from mpc.runtime import Runtime
from mpc.secure import SecureVector
from mpc.session import run, run_local


def test_run_connects_parties_over_tcp(tmp_path: Path, mpc_env: Any) -> None:
    config = load_config(mpc_env.write_deployment(tmp_path, 3, 1))
    results: dict[int, object] = {}

    def program(rt: Runtime) -> object:
        col = SecureVector.concat(rt.input([rt.party_id, -rt.party_id * 10]))
        return (col.sum().reveal(), (col < 0).reveal(to=[3]))

    def party(i: int) -> None:
        results[i] = run(program, party_id=i, config=config, session="test")

    threads = [threading.Thread(target=party, args=(i,)) for i in (1, 2, 3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results[1] == (-54, None) and results[2] == (-54, None)
    assert results[3] == (-54, [0, 1, 0, 1, 0, 1])


def test_a_failing_party_stops_the_others_with_its_reason() -> None:
    def program(rt: Runtime) -> object:
        values = [2**40] if rt.party_id == 2 else [1]
        return rt.input(values)

    with pytest.raises(MpcInputError, match="does not fit"):
        run_local(program, n=3, timeout=5)


def test_corrected_parties_are_reported_in_process() -> None:
    def program(rt: Runtime) -> object:
        col = SecureVector.concat(rt.input([rt.party_id]))
        if rt.party_id == 2:
            real = rt.network.send

            def lie(peer: int, kind: Any, purpose: Any, tag: int, payload: bytes) -> None:
                data = bytearray(payload)
                data[0] ^= 1  # a different element, still below p
                real(peer, kind, purpose, tag, bytes(data))

            rt.network.send = lie  # type: ignore[method-assign]
        total = col.sum().reveal()
        return total, sorted(rt.corrected_parties)

    results = run_local(program, n=4, t=1)
    for i, (total, corrected) in enumerate(results, start=1):
        assert total == 10
        assert corrected == ([] if i == 2 else [2])
