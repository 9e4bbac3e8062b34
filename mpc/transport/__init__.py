"""How parties exchange messages: framed, typed messages over an in-process hub or TCP + TLS.

* :mod:`mpc.transport.frames` — the wire format (length-prefixed, typed, size-limited, no pickle);
* :mod:`mpc.transport.base` — the :class:`Network` interface and the receive buffer with deadlines;
* :mod:`mpc.transport.memory` — parties as threads of one process (tests, demos);
* :mod:`mpc.transport.tcp` — parties as processes: asyncio TCP, mutual TLS by default;
* :mod:`mpc.transport.tls` — the TLS contexts and how peers are identified.
"""

from mpc.transport.base import Network
from mpc.transport.frames import Frame, Kind, Purpose

__all__ = ["Frame", "Kind", "Network", "Purpose"]
