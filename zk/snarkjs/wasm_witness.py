"""circom's WebAssembly witness generator, run in process with wasmtime.

``circom --wasm`` emits ``circuit.wasm`` plus a JavaScript driver (``witness_calculator.js``).
This module is that driver in Python, so ``zkgov wtns calculate circuit.wasm input.json
w.wtns`` needs no node. The protocol of the ``.wasm`` (circom 2):

* exports ``getFieldNumLen32`` (words per field element), ``getRawPrime`` (puts the prime
  into the shared read/write memory), ``getSharedRWMemoryStart`` / ``readSharedRWMemory`` /
  ``writeSharedRWMemory`` (that memory, one little-endian u32 word at a time),
  ``init(sanity_check)``, ``getInputSignalSize(hi, lo)`` and ``setInputSignal(hi, lo, i)``
  (a signal found by the FNV-1a hash of its name, split into 32-bit halves), ``getInputSize``,
  ``getWitnessSize``, ``getWitness(i)`` (puts value *i* into the shared memory),
  ``getMessageChar`` (the pending message, one character per call, 0 at its end);
* imports ``runtime.exceptionHandler(code)``, ``runtime.printErrorMessage()`` (an error text is
  pending: "Error in template T line: L"), ``runtime.writeBufferMessage()`` (a piece of a
  ``log(...)`` line, "\\n" ends the line) and ``runtime.showSharedRWMemory()`` (``log`` of a
  field element held in the shared memory).

The ``.wtns`` written is byte for byte what ``generate_witness.js`` and ``snarkjs wtns
calculate`` write: the values exactly as the ``.wasm`` leaves them.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import wasmtime

from zk.formats.binfile import write_binfile
from zk.snarkjs.circom_inputs import fnv1a_64, qualify, to_bigint
from zk.snarkjs.errors import WitnessError

#: circom's exception codes, with the text its JavaScript driver prints for each.
EXCEPTIONS = {
    1: "Signal not found.",
    2: "Too many signals set.",
    3: "Signal already set.",
    4: "Assert Failed.",
    5: "Not enough memory.",
    6: "Input signal array access exceeds the size.",
    7: "Out of bounds array access.",
}

WTNS_VERSION = 2

_ENGINE: wasmtime.Engine | None = None


def _engine() -> wasmtime.Engine:
    """One engine per process, with wasmtime's on-disk cache of compiled modules: compiling a
    circuit's .wasm takes a second or two, loading it again from the cache a few ms."""
    global _ENGINE
    if _ENGINE is None:
        config = wasmtime.Config()
        try:
            config.cache = True
        except wasmtime.WasmtimeError:  # no writable cache directory: compile every time
            config = wasmtime.Config()
        _ENGINE = wasmtime.Engine(config)
    return _ENGINE


def _unchecked_values(store: wasmtime.Store, get_witness: wasmtime.Func,
                      memory: wasmtime.Memory, start: int, n8: int,
                      count: int) -> Iterator[bytes] | None:
    """The witness values through wasmtime's unchecked call entry point and a direct view of
    linear memory: about ten times faster than ``Func.__call__``, which rebuilds the
    function's type on every call. ``None`` when this wasmtime build lacks the entry point."""
    try:
        from wasmtime import _ffi as ffi

        call = ffi.wasmtime_func_call_unchecked
        raw = (ffi.wasmtime_val_raw_t * 1)()
        trap_type = ffi.wasm_trap_t
    except (ImportError, AttributeError):
        return None
    context = store._context()
    func = ctypes.byref(get_witness._func)

    def values() -> Iterator[bytes]:
        size = memory.data_len(store)
        base = ctypes.addressof(memory.data_ptr(store).contents)
        for i in range(count):
            raw[0].i32 = i
            trap = ctypes.POINTER(trap_type)()
            if call(context, func, raw, 1, ctypes.byref(trap)) or trap:
                raise WitnessError(f"the .wasm trapped reading witness value {i}")
            if memory.data_len(store) != size:  # the memory grew: its base may have moved
                size = memory.data_len(store)
                base = ctypes.addressof(memory.data_ptr(store).contents)
            yield ctypes.string_at(base + start, n8)

    return values()


class _CircomTrap(Exception):
    """Raised inside a host function to unwind the ``.wasm`` (never leaves this module)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Messages:
    errors: list[str] = field(default_factory=list)
    line: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Witness:
    """A computed witness: the prime, the bytes per value, and the values as the ``.wasm``
    produced them (little-endian, ``n8`` bytes each)."""

    prime: int
    n8: int
    values: bytes

    def __len__(self) -> int:
        return len(self.values) // self.n8

    def to_wtns(self) -> bytes:
        """The ``.wtns`` file (version 2) that ``generate_witness.js`` writes."""
        header = struct.pack("<I", self.n8) + self.prime.to_bytes(self.n8, "little")
        header += struct.pack("<I", len(self))
        return write_binfile("wtns", WTNS_VERSION, [(1, header), (2, self.values)])

    def to_ints(self) -> list[int]:
        """The values as Python integers."""
        n8 = self.n8
        return [int.from_bytes(self.values[i : i + n8], "little")
                for i in range(0, len(self.values), n8)]


class WitnessCalculator:
    """One instantiated circom ``.wasm``; :meth:`calculate` may be called repeatedly.

    ``on_log`` receives each line the circuit prints with ``log(...)`` (default: dropped).
    """

    def __init__(self, wasm: bytes, on_log: Callable[[str], None] | None = None) -> None:
        self._on_log = on_log or (lambda _line: None)
        self._messages = _Messages()
        try:
            module = wasmtime.Module(_engine(), wasm)
        except wasmtime.WasmtimeError as exc:
            raise WitnessError(f"not a WebAssembly module circom could have written: "
                               f"{_first_line(str(exc))}") from exc
        self._store = wasmtime.Store(_engine())
        linker = wasmtime.Linker(_engine())
        i32 = wasmtime.ValType.i32()
        host = {
            "exceptionHandler": (wasmtime.FuncType([i32], []), self._exception),
            "printErrorMessage": (wasmtime.FuncType([], []), self._print_error),
            "writeBufferMessage": (wasmtime.FuncType([], []), self._write_buffer),
            "showSharedRWMemory": (wasmtime.FuncType([], []), self._show_shared),
        }
        for imp in module.imports:
            if imp.module != "runtime" or imp.name not in host:
                raise WitnessError(
                    f"the .wasm imports {imp.module}.{imp.name}: not a circom 2 witness "
                    "generator (circom 1 .wasm files are not supported)")
            ftype, fn = host[imp.name]
            linker.define_func("runtime", imp.name, ftype, fn)
        try:
            instance = linker.instantiate(self._store, module)
        except (wasmtime.WasmtimeError, wasmtime.Trap) as exc:
            raise WitnessError(f"cannot start the .wasm: {_first_line(str(exc))}") from exc
        self._exports = instance.exports(self._store)
        self._memory = self._export("memory")
        if self._call("getVersion") != 2:
            raise WitnessError("the .wasm is not from circom 2")
        self.n32 = self._call("getFieldNumLen32")
        self.n8 = 4 * self.n32
        self._call("getRawPrime")
        self.prime = int.from_bytes(self._read_shared(), "little")
        self.witness_size = self._call("getWitnessSize")

    # ----- host functions (called by the .wasm) ------------------------------------------------

    def _exception(self, code: int) -> None:
        raise _CircomTrap(code)

    def _message(self) -> str:
        chars = []
        get_char = self._export("getMessageChar")
        while (c := get_char(self._store)) != 0:
            chars.append(chr(c))
        return "".join(chars)

    def _print_error(self) -> None:
        self._messages.errors.append(self._message())

    def _write_buffer(self) -> None:
        text = self._message()
        if text == "\n":
            self._on_log(" ".join(self._messages.line))
            self._messages.line = []
        else:
            self._messages.line.append(text)

    def _show_shared(self) -> None:
        self._messages.line.append(str(int.from_bytes(self._read_shared(), "little")))

    # ----- calls into the .wasm ----------------------------------------------------------------

    def _export(self, name: str) -> Any:
        item = self._exports.get(name)
        if item is None:
            raise WitnessError(f"the .wasm has no export {name!r}: not a circom 2 witness "
                               "generator")
        return item

    def _call(self, name: str, *args: int) -> Any:
        fn = self._export(name)
        try:
            return fn(self._store, *args)
        except _CircomTrap as trap:
            raise self._error(trap.code) from None
        except wasmtime.Trap as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, _CircomTrap):
                raise self._error(cause.code) from None
            raise WitnessError(f"the .wasm trapped in {name}: {_first_line(str(exc))}") from exc

    def _error(self, code: int) -> WitnessError:
        text = EXCEPTIONS.get(code, "Unknown error.")
        details = " ".join(m.strip() for m in self._messages.errors if m.strip())
        self._messages.errors = []
        return WitnessError(f"{text} {details}".strip())

    def _shared_start(self) -> int:
        return self._call("getSharedRWMemoryStart")

    def _read_shared(self) -> bytes:
        start = self._shared_start()
        return bytes(self._memory.read(self._store, start, start + self.n8))

    def _write_shared(self, value: int) -> None:
        self._memory.write(self._store, value.to_bytes(self.n8, "little"), self._shared_start())

    # ----- the witness -------------------------------------------------------------------------

    def _set_inputs(self, inputs: Any) -> None:
        counter = 0
        for name, raw_values in qualify(inputs).items():
            h = fnv1a_64(name)
            hi, lo = h >> 32, h & 0xFFFFFFFF
            size = self._call("getInputSignalSize", hi, lo)
            if size < 0:
                raise WitnessError(f"Signal {name} not found")
            if len(raw_values) != size:
                few = "Not enough" if len(raw_values) < size else "Too many"
                raise WitnessError(f"{few} values for input signal {name} "
                                   f"({len(raw_values)} given, {size} expected)")
            for i, raw in enumerate(raw_values):
                where = name if size == 1 else f"{name}[{i}]"
                self._write_shared(to_bigint(raw, where) % self.prime)
                self._call("setInputSignal", hi, lo, i)
                counter += 1
        expected = self._call("getInputSize")
        if counter < expected:
            raise WitnessError(f"Not all inputs have been set. Only {counter} out of {expected}")

    def calculate(self, inputs: Any, sanity_check: bool = False) -> Witness:
        """The witness for ``inputs`` (``input.json`` as loaded by :func:`json.loads`).

        ``sanity_check`` turns on the ``.wasm``'s own checks (``snarkjs wtns debug``). Raises
        :class:`WitnessError` with circom's message for a failed ``assert`` ("Assert Failed.
        Error in template T line: L"), a missing input, or a value it cannot read.
        """
        self._messages = _Messages()
        self._call("init", 1 if sanity_check else 0)
        self._set_inputs(inputs)
        start = self._shared_start()
        get_witness = self._export("getWitness")
        fast = _unchecked_values(self._store, get_witness, self._memory, start, self.n8,
                                 self.witness_size)
        out = bytearray()
        if fast is not None:
            for value in fast:
                out += value
            return Witness(self.prime, self.n8, bytes(out))
        read = self._memory.read
        store = self._store
        try:
            for i in range(self.witness_size):
                get_witness(store, i)
                out += read(store, start, start + self.n8)
        except wasmtime.Trap as exc:
            raise WitnessError(f"the .wasm trapped reading the witness: "
                               f"{_first_line(str(exc))}") from exc
        return Witness(self.prime, self.n8, bytes(out))


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown failure"


def calculate_witness(wasm: bytes, inputs: Any, sanity_check: bool = False,
                      on_log: Callable[[str], None] | None = None) -> Witness:
    """Run circom's ``.wasm`` on ``inputs``: what ``snarkjs wtns calculate`` computes."""
    return WitnessCalculator(wasm, on_log).calculate(inputs, sanity_check)
