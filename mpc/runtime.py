"""The party runtime: one party's view of a session, and ``run`` / ``run_local`` to start one.

Every party runs the same program (SPMD). Each communication round gets the next tag, so
frames meet the round that waits for them however far ahead a fast party runs. Protocols (in
:mod:`mpc.protocols`) call :meth:`Runtime.exchange`; the secure types (:mod:`mpc.secure`) call
the protocols; a program only sees the secure types::

    def program(rt):
        xs = rt.input(my_column)              # one SecureVector per party
        col = SecureVector.concat(xs)
        return (col < 100).sum().reveal()

    mpc.run_local(program, n=3)                # parties as threads, for tests and demos
    mpc.run(program, party_id=1, config=cfg)   # one party of a TCP deployment
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from mpc.errors import MpcError, MpcInputError, MpcNetworkError, MpcProtocolError
from mpc.field import Elements, PrimeField, field_by_name
from mpc.shamir import ShamirScheme, check_parties
from mpc.transport.base import Network, check_payload_kind
from mpc.transport.frames import Kind, Purpose
from mpc.transport.memory import MemoryHub

if TYPE_CHECKING:
    from mpc.config import PartiesConfig
    from mpc.secure import SecureVector

T = TypeVar("T")

#: Statistical security parameter: masks carry this many random bits beyond the data.
DEFAULT_SEC_PARAM = 30


class Runtime:
    """Party ``party_id`` of ``n`` with threshold ``t`` (at most t parties collude)."""

    def __init__(self, party_id: int, n: int, t: int, field: PrimeField, network: Network,
                 sec_param: int = DEFAULT_SEC_PARAM) -> None:
        check_parties(n, t)
        self.party_id, self.n, self.t = party_id, n, t
        self.field = field
        self.network = network
        self.sec_param = sec_param
        self.parties = tuple(range(1, n + 1))
        #: Parties caught sending wrong shares whose values Reed–Solomon decoding corrected.
        self.corrected_parties: set[int] = set()
        self._tag = 0
        self._schemes: dict[int, ShamirScheme] = {}

    @property
    def can_correct(self) -> bool:
        """Whether wrong shares can be attributed and corrected (n ≥ 3t+1)."""
        return self.n >= 3 * self.t + 1

    def scheme(self, field: PrimeField | None = None) -> ShamirScheme:
        """The Shamir scheme of this session's n and t over ``field`` (default: the
        session's field), built once per modulus and cached."""
        f = field or self.field
        if f.p not in self._schemes:
            self._schemes[f.p] = ShamirScheme(f, self.n, self.t)
        return self._schemes[f.p]

    def next_tag(self) -> int:
        """A fresh round tag (1, 2, 3, …); every party draws them in the same order, so a
        tag names the same round everywhere."""
        self._tag += 1
        return self._tag

    def exchange(self, purpose: Purpose, outgoing: Mapping[int, Elements],
                 sources: Iterable[int], field: PrimeField | None = None,
                 counts: int | None = None) -> dict[int, Elements]:
        """One round: send ``outgoing[j]`` to party j, receive from each party in ``sources``.

        A party's own entry skips the network. ``counts``, when given, is the number of elements
        each source must send.
        """
        f = field or self.field
        tag = self.next_tag()
        received: dict[int, Elements] = {}
        for peer, values in outgoing.items():
            if peer == self.party_id:
                received[peer] = values
            else:
                self.network.send(peer, Kind.ELEMENTS, purpose, tag, f.encode(values))
        for peer in sources:
            if peer == self.party_id:
                continue
            frame = check_payload_kind(self.network.receive(peer, tag), Kind.ELEMENTS)
            values = f.decode(frame.payload, peer)
            if counts is not None and values.shape[0] != counts:
                raise MpcProtocolError(
                    f"party {peer} sent {values.shape[0]} values in round {tag} where {counts} "
                    "were expected: the parties ran different computations", peer)
            received[peer] = values
        return received

    def exchange_parts(self, purpose: Purpose, outgoing: Mapping[int, Sequence[Elements]],
                       sources: Iterable[int], fields: Sequence[PrimeField],
                       counts: Sequence[int] | None) -> dict[int, list[Elements]]:
        """One round carrying several arrays per message, part k in ``fields[k]`` with exactly
        ``counts[k]`` elements (e.g. the same protocol step in two fields). With ``counts``
        None every part has the same length, whatever the sender chose (input sharing)."""
        tag = self.next_tag()
        received: dict[int, list[Elements]] = {}
        for peer, parts in outgoing.items():
            if peer == self.party_id:
                received[peer] = list(parts)
            else:
                payload = b"".join(f.encode(v) for f, v in zip(fields, parts))
                self.network.send(peer, Kind.ELEMENTS, purpose, tag, payload)
        per_element = sum(f.byte_width for f in fields)
        for peer in sources:
            if peer == self.party_id:
                continue
            frame = check_payload_kind(self.network.receive(peer, tag), Kind.ELEMENTS)
            if counts is None:
                if len(frame.payload) % per_element:
                    raise MpcProtocolError(f"party {peer} sent a ragged message in round {tag}",
                                           peer)
                sizes = [len(frame.payload) // per_element * f.byte_width for f in fields]
            else:
                sizes = [c * f.byte_width for f, c in zip(fields, counts)]
            if len(frame.payload) != sum(sizes):
                raise MpcProtocolError(
                    f"party {peer} sent {len(frame.payload)} bytes in round {tag} where "
                    f"{sum(sizes)} were expected: the parties ran different computations", peer)
            parts, start = [], 0
            for f, size in zip(fields, sizes):
                parts.append(f.decode(memoryview(frame.payload)[start:start + size], peer))
                start += size
            received[peer] = parts
        return received

    def exchange_bytes(self, outgoing: Mapping[int, bytes], sources: Iterable[int],
                       purpose: Purpose = Purpose.PSI) -> dict[int, bytes]:
        """One round of opaque byte messages (e.g. PSI curve points)."""
        tag = self.next_tag()
        for peer, data in outgoing.items():
            self.network.send(peer, Kind.BYTES, purpose, tag, data)
        return {peer: check_payload_kind(self.network.receive(peer, tag), Kind.BYTES).payload
                for peer in sources if peer != self.party_id}

    # ----- the secure-type entry points (MPyC's mpc.input / mpc.output) ----------------------
    def input(self, values: Sequence[int] | np.ndarray | None, bits: int = 32,
              frac_bits: int = 0, field: PrimeField | None = None,
              prescaled: bool = False,
              twin_fields: Sequence[PrimeField] = ()) -> list[SecureVector]:
        """Share this party's values; returns every party's vector, in party order.

        ``values`` are integers, or reals when ``frac_bits`` > 0 (stored as round(x·2^f)); each
        scaled value must fit ``bits``-bit signed integers (``prescaled``: the values already
        are the scaled integers). Lengths are public. ``twin_fields``: share the values in
        these fields too, in the same round, so that wide exact results (the variance) need no
        conversion later.
        """
        from mpc.secure import share_inputs

        return share_inputs(self, values, bits, frac_bits, field or self.field, prescaled,
                            twin_fields)

    def output(self, value: Any, to: Sequence[int] | None = None) -> Any:
        """Reveal a secure value to the parties ``to`` (all by default); None elsewhere."""
        return value.reveal(to)


def run(program: Callable[[Runtime], T], *, party_id: int, config: PartiesConfig,
        session: str = "", plaintext: bool = False, timeout: float | None = None) -> T:
    """Run ``program`` as party ``party_id`` of the TCP deployment described by ``config``."""
    from mpc.config import open_network

    network = open_network(config, party_id, session=session, plaintext=plaintext,
                           timeout=timeout)
    rt = Runtime(party_id, config.n, config.threshold, config.field, network, config.sec_param)
    return run_with(rt, program)


def run_with(rt: Runtime, program: Callable[[Runtime], T]) -> T:
    """Run ``program`` on a connected runtime; tell the peers if it fails, close either way."""
    try:
        result = program(rt)
    except MpcNetworkError as exc:
        rt.network.abort(f"party {rt.party_id} stopped after an error from party {exc.party}: "
                         f"{exc}")
        raise
    except MpcInputError:
        rt.network.abort(f"party {rt.party_id} stopped: its own input was rejected")
        raise
    except MpcError as exc:
        # our messages carry no share or secret, so the peers may read them
        rt.network.abort(f"party {rt.party_id} stopped: {exc}")
        raise
    except BaseException:
        rt.network.abort(f"party {rt.party_id} stopped on an internal error")
        raise
    rt.network.close()
    return result


def run_local(program: Callable[..., T], n: int = 3, t: int | None = None,
              field: PrimeField | str = "goldilocks", party_args: Sequence[Any] | None = None,
              timeout: float = 30.0, sec_param: int = DEFAULT_SEC_PARAM) -> list[T]:
    """Run ``program(rt[, party_args[i]])`` for n in-process parties; their results in order.

    When a party fails, the first error that is not just a consequence of another party's
    failure is raised.
    """
    f = field if isinstance(field, PrimeField) else field_by_name(field)
    threshold = (n - 1) // 2 if t is None else t
    check_parties(n, threshold)
    hub = MemoryHub(n, timeout=timeout)
    results: list[Any] = [None] * n
    errors: list[BaseException | None] = [None] * n

    def body(i: int) -> None:
        rt = Runtime(i + 1, n, threshold, f, hub.network(i + 1), sec_param)
        try:
            if party_args is None:
                results[i] = run_with(rt, program)
            else:
                results[i] = run_with(rt, lambda r: program(r, party_args[i]))
        except BaseException as exc:
            errors[i] = exc

    threads = [threading.Thread(target=body, args=(i,), name=f"mpc-party-{i + 1}")
               for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    failures = [e for e in errors if e is not None]
    if failures:
        primary = [e for e in failures if not isinstance(e, MpcNetworkError)]
        raise (primary or failures)[0]
    return results


