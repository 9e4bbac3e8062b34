"""The party runtime: one party's view of a session — its id, the scheme, and the rounds.

Every party runs the same program (SPMD). Each communication round gets the next tag, so
frames meet the round that waits for them however far ahead a fast party runs. Protocols (in
:mod:`mpc.protocols`) call :meth:`Runtime.exchange`; the secure types (:mod:`mpc.secure`) call
the protocols; :mod:`mpc.session` starts parties and gives programs a
:class:`~mpc.session.SecureRuntime` (this runtime plus ``input``/``output``). This module
imports nothing above the transport, so the layers stay
``session → statistics → secure → protocols → runtime → transport, shamir, field``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from mpc.errors import MpcProtocolError
from mpc.field import Elements, PrimeField
from mpc.shamir import DEFAULT_SEC_PARAM, ShamirScheme, check_parties
from mpc.transport.base import Network, check_payload_kind
from mpc.transport.frames import Kind, Purpose


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

    @property
    def rounds(self) -> int:
        """How many communication rounds this party has started so far."""
        return self._tag

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
                self.network.send(peer, Kind.ELEMENTS, purpose, tag, f.wire(values))
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
                payload = fields[0].wire(parts[0]) if len(parts) == 1 else \
                    b"".join(f.wire(v) for f, v in zip(fields, parts))
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
        return {peer: bytes(check_payload_kind(self.network.receive(peer, tag),
                                               Kind.BYTES).payload)
                for peer in sources if peer != self.party_id}
