"""TCP transport between parties on 127.0.0.1: mutual TLS, identities, limits, deadlines."""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path
from typing import Any

import pytest

from mpc.certs import issue, write_set
from mpc.config import parse_config
from mpc.errors import MpcConfigError, MpcConnectionError, MpcProtocolError, MpcTimeoutError
from mpc.session import open_network
from mpc.transport.frames import Kind, Purpose
from mpc.transport.tcp import TcpNetwork, TlsFiles
from mpc.transport.tls import client_context, server_context


def make_tls(folder: Path, n: int, name: str = "ca") -> dict[int, TlsFiles]:
    issued = issue({i: "127.0.0.1" for i in range(1, n + 1)}, days=1)
    paths = {i: (folder / f"{name}-{i}.pem", folder / f"{name}-{i}.key") for i in range(1, n + 1)}
    write_set(issued, folder / f"{name}.pem", paths)
    ca = folder / f"{name}.pem"
    return {i: TlsFiles(server_context(ca, *paths[i]), client_context(ca, *paths[i]))
            for i in paths}


def connect_all(addresses: dict[int, tuple[str, int]], tls: dict[int, TlsFiles],
                sessions: dict[int, str] | None = None, timeout: float = 5.0,
                max_message: int = 1 << 20, max_buffered: int = 1 << 24
                ) -> tuple[dict[int, TcpNetwork], dict[int, Exception]]:
    nets: dict[int, TcpNetwork] = {}
    errors: dict[int, Exception] = {}

    def go(i: int) -> None:
        net = TcpNetwork(i, addresses, tls[i], (sessions or {}).get(i, "s"), timeout=timeout,
                         connect_timeout=timeout, max_message=max_message,
                         max_buffered=max_buffered)
        try:
            net.connect()
            nets[i] = net
        except Exception as exc:
            errors[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in tls]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return nets, errors


def close_all(nets: dict[int, TcpNetwork]) -> None:
    for net in nets.values():
        net.close()


def test_mutual_tls_exchange(tmp_path: Path, mpc_env: Any) -> None:
    ports = mpc_env.free_ports(3)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    nets, errors = connect_all(addresses, make_tls(tmp_path, 3))
    assert not errors
    for i, net in nets.items():
        for j in net.peers:
            net.send(j, Kind.ELEMENTS, Purpose.OPEN, 1, f"{i}->{j}".encode() * 1000)
    for j, net in nets.items():
        for i in net.peers:
            assert net.receive(i, 1).payload == f"{i}->{j}".encode() * 1000
    close_all(nets)


def test_parties_started_for_different_computations_refuse(tmp_path: Path,
                                                          mpc_env: Any) -> None:
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    tls = make_tls(tmp_path, 2)
    nets, errors = connect_all(addresses, tls, {1: "a", 2: "b"})
    close_all(nets)
    assert set(errors) == {1, 2}
    assert all("different computation" in str(e) for e in errors.values())


def test_certificate_from_another_ca_is_refused(tmp_path: Path, mpc_env: Any) -> None:
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    good = make_tls(tmp_path, 2, "good")
    rogue = make_tls(tmp_path, 2, "rogue")
    nets, errors = connect_all(addresses, {1: good[1], 2: rogue[2]}, timeout=3.0)
    close_all(nets)
    assert isinstance(errors[2], MpcConnectionError) and "certificate" in str(errors[2])
    assert isinstance(errors[1], MpcTimeoutError) and "party 2" in str(errors[1])
    # party 1 names the failed handshake rather than only "did not connect"
    assert "party 2 (at 127.0.0.1) cut the TLS handshake short (did it refuse this party's " \
        "certificate?)" in str(errors[1])


def test_a_refused_client_certificate_is_reported_by_the_party_that_refused_it(
        tmp_path: Path, mpc_env: Any) -> None:
    ports = mpc_env.free_ports(3)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    good = make_tls(tmp_path, 3, "good")
    make_tls(tmp_path, 3, "rogue")
    # party 3 trusts the deployment's CA but its own certificate comes from another one
    ca, cert, key = tmp_path / "good.pem", tmp_path / "rogue-3.pem", tmp_path / "rogue-3.key"
    tls = {1: good[1], 2: good[2],
           3: TlsFiles(server_context(ca, cert, key), client_context(ca, cert, key))}
    nets, errors = connect_all(addresses, tls, timeout=3.0)
    close_all(nets)
    assert isinstance(errors[3], MpcConnectionError)
    # party 3 dials both; whichever refusal reaches it first is the one it names
    assert re.search(r"party [12] closed the connection without answering: it most likely "
                     r"refused this party's certificate", str(errors[3])), str(errors[3])
    for refusing in (1, 2):
        message = str(errors[refusing])
        assert isinstance(errors[refusing], MpcTimeoutError), message
        assert "party 3 (at 127.0.0.1) presented a certificate this party refused" in message


def test_party_using_another_partys_certificate_is_refused(tmp_path: Path,
                                                          mpc_env: Any) -> None:
    ports = mpc_env.free_ports(3)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    tls = make_tls(tmp_path, 3)
    nets, errors = connect_all({1: addresses[1], 2: addresses[2]}, {1: tls[1], 2: tls[3]},
                               timeout=3.0)
    close_all(nets)
    assert "certificate names party-3" in str(errors[2])
    assert 1 in errors


def test_oversized_and_garbage_input_are_rejected(mpc_env: Any) -> None:
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    plain = {1: TlsFiles(None, None), 2: TlsFiles(None, None)}
    # garbage on party 1's port before the real peer arrives is dropped
    result: dict[str, Any] = {}

    def intruder() -> None:
        for _ in range(100):
            try:
                with socket.create_connection(addresses[1], timeout=1) as s:
                    s.sendall(b"GET / HTTP/1.0\r\n\r\n" + b"\x00" * 64)
                    result["reply"] = s.recv(100)
                return
            except OSError:
                threading.Event().wait(0.02)

    th = threading.Thread(target=intruder)
    th.start()
    nets, errors = connect_all(addresses, plain, max_message=1024)
    th.join()
    assert (not errors and result.get("reply", b"") in (b"",)) or b"ZKMP" in result["reply"]
    nets[2].max_message = 8192  # a peer that ignores party 1's frame limit
    nets[2].send(1, Kind.ELEMENTS, Purpose.OPEN, 1, b"\x00" * 4096)
    with pytest.raises(MpcProtocolError, match="over the 1024-byte limit"):
        nets[1].receive(2, 1)
    close_all(nets)


def test_rounds_over_the_frame_limit_go_in_chunks_over_tls(tmp_path: Path, mpc_env: Any) -> None:
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    nets, errors = connect_all(addresses, make_tls(tmp_path, 2), max_message=1000)
    assert not errors
    big = bytes(range(256)) * 40 + b"end"  # 11 frames of at most 1000 bytes
    nets[1].send(2, Kind.BYTES, Purpose.PSI, 1, big)
    nets[2].send(1, Kind.ELEMENTS, Purpose.OPEN, 1, big[:2500])
    assert nets[2].receive(1, 1).payload == big
    assert nets[1].receive(2, 1).payload == big[:2500]
    close_all(nets)


def test_large_rounds_are_written_and_read_in_pieces(tmp_path: Path, mpc_env: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    import mpc.transport.tcp as tcp

    monkeypatch.setattr(tcp, "_WRITE_PIECE", 1000)
    monkeypatch.setattr(tcp, "_READ_PIECE", 1500)
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    nets, errors = connect_all(addresses, make_tls(tmp_path, 2), max_message=4000)
    assert not errors
    shares = np.arange(1250, dtype=np.uint64) * np.uint64(0x0101010101)  # 10,000 bytes
    view = memoryview(shares).cast("B")
    sizes = (1499, 1500, 1501, 3999, 4000, 4001, 10_000)  # around a read piece and a frame
    for tag, size in enumerate(sizes, start=1):
        nets[1].send(2, Kind.ELEMENTS, Purpose.OPEN, tag, view[:size])
    nets[1].close()  # its BYE goes out after every queued round
    for tag, size in enumerate(sizes, start=1):
        assert bytes(nets[2].receive(1, tag).payload) == shares.tobytes()[:size]
    nets[2].close()


def test_a_peer_flooding_rounds_ahead_is_refused(mpc_env: Any) -> None:
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    plain = {1: TlsFiles(None, None), 2: TlsFiles(None, None)}
    nets, errors = connect_all(addresses, plain, max_message=1000, max_buffered=10_000)
    assert not errors
    for tag in range(2, 40):  # rounds party 1 has not reached, 1,000 bytes each
        nets[2].send(1, Kind.ELEMENTS, Purpose.OPEN, tag, b"\x01" * 1000)
    with pytest.raises(MpcProtocolError, match="more than 10000 bytes ahead") as info:
        nets[1].receive(2, 1)
    assert info.value.party == 2
    assert nets[1].inbox.buffered(2) == 0
    close_all(nets)


def test_silent_peer_times_out_with_its_name(mpc_env: Any) -> None:
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    nets, errors = connect_all(addresses, {1: TlsFiles(None, None), 2: TlsFiles(None, None)},
                               timeout=0.5)
    assert not errors
    with pytest.raises(MpcTimeoutError, match="party 2 sent nothing"):
        nets[1].receive(2, 9)
    nets[2].abort("party 2 stopped: test")
    with pytest.raises(Exception, match="party 2"):
        nets[1].receive(2, 10)
    close_all(nets)


def test_unreachable_party_is_named(mpc_env: Any) -> None:
    ports = mpc_env.free_ports(2)
    addresses = {i: ("127.0.0.1", p) for i, p in enumerate(ports, start=1)}
    net = TcpNetwork(2, addresses, TlsFiles(None, None), "s", connect_timeout=0.5)
    with pytest.raises(MpcTimeoutError, match="could not connect to party 1"):
        net.connect()


def test_plaintext_only_on_loopback() -> None:
    text = "\n".join(["[[party]]", "id = 1", 'host = "127.0.0.1"', "port = 7001",
                      "[[party]]", "id = 2", 'host = "10.1.2.3"', "port = 7002",
                      "[[party]]", "id = 3", 'host = "localhost"', "port = 7003"])
    config = parse_config(text)
    with pytest.raises(MpcConfigError, match="only allowed on loopback"):
        open_network(config, 1, plaintext=True)
    with pytest.raises(MpcConfigError, match="mutual TLS"):
        open_network(config, 1)
