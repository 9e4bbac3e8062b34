"""Starting parties: connect a TCP/TLS deployment or in-process threads, run a program, close.

::

    def program(rt):
        xs = rt.input(my_column)              # one SecureVector per party
        col = SecureVector.concat(xs)
        return (col < 100).sum().reveal()

    mpc.run_local(program, n=3)                # parties as threads, for tests and demos
    mpc.run(program, party_id=1, config=cfg)   # one party of a TCP deployment

This is the top of the ``mpc`` package: it opens networks (:func:`open_network`) from a parsed
:class:`~mpc.config.PartiesConfig` and hands programs a :class:`~mpc.secure.SecureRuntime`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from mpc.config import PartiesConfig
from mpc.errors import MpcConfigError, MpcError, MpcInputError, MpcNetworkError
from mpc.field import PrimeField, field_by_name
from mpc.heap import keep_freed_memory
from mpc.secure import SecureRuntime
from mpc.shamir import DEFAULT_SEC_PARAM, check_parties
from mpc.transport.memory import MemoryHub
from mpc.transport.tcp import TcpNetwork, TlsFiles
from mpc.transport.tls import client_context, is_loopback, server_context

T = TypeVar("T")


def open_network(config: PartiesConfig, party_id: int, session: str = "",
                 plaintext: bool = False, timeout: float | None = None,
                 only: Sequence[int] | None = None) -> TcpNetwork:
    """Connect party ``party_id`` to all others, or to those in ``only`` (mutual TLS unless
    ``plaintext``)."""
    if party_id not in config.parties:
        raise MpcConfigError(f"party {party_id} is not in {config.source or 'parties.toml'} "
                             f"(ids 1..{config.n})")
    me = config.parties[party_id]
    keep_freed_memory()  # this process is a party: it frees and reuses rounds of shares
    if plaintext:
        remote = [p.host for p in config.parties.values() if not is_loopback(p.host)]
        if remote:
            raise MpcConfigError(f"plaintext connections are only allowed on loopback, but "
                                 f"{remote[0]} is not a loopback address; use TLS")
        tls = TlsFiles(None, None)
    else:
        if config.ca is None or me.cert is None or me.key is None:
            raise MpcConfigError(
                f"party {party_id} needs ca, cert and key in {config.source or 'parties.toml'} "
                "for mutual TLS (make them with `zkgov mpc certs`)")
        tls = TlsFiles(server_context(config.ca, me.cert, me.key),
                       client_context(config.ca, me.cert, me.key))
    addresses = {p.id: (p.host, p.port) for p in config.parties.values()
                 if only is None or p.id in only or p.id == party_id}
    network = TcpNetwork(party_id, addresses, tls, session,
                         timeout=timeout or config.timeout,
                         connect_timeout=timeout or config.connect_timeout,
                         max_message=config.max_message,
                         max_buffered=config.max_buffered)
    network.connect()
    return network


def run(program: Callable[[SecureRuntime], T], *, party_id: int, config: PartiesConfig,
        session: str = "", plaintext: bool = False, timeout: float | None = None) -> T:
    """Run ``program`` as party ``party_id`` of the TCP deployment described by ``config``."""
    network = open_network(config, party_id, session=session, plaintext=plaintext,
                           timeout=timeout)
    rt = SecureRuntime(party_id, config.n, config.threshold, config.field, network,
                       config.sec_param)
    return run_with(rt, program)


def run_with(rt: SecureRuntime, program: Callable[[SecureRuntime], T]) -> T:
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
        rt = SecureRuntime(i + 1, n, threshold, f, hub.network(i + 1), sec_param)
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
