"""The ledger as an HTTP service (Starlette on uvicorn).

Writes (JSON in, JSON out):

* ``POST /v1/proofs`` — ``{"verification_key", "proof", "public", "circuit_id",
  "submitter"}``: verified with the same admission rules as ``zkgov ledger append`` (a
  forgeable key, an invalid proof, a malformed record: 400; a circuit id bound to another
  key: 409), then appended; answers 201 with the receipt (inclusion proof and signed
  checkpoint).
* ``POST /v1/commitments`` — ``{"commitment", "scheme", "context"}``, or a JSON array of
  them (one receipt each, appended together).

Reads — the C2SP tlog-tiles API, so any tiles client can follow the log:
``GET /checkpoint``, ``GET /tile/<L>/<N>[.p/<W>]``, ``GET /tile/entries/<N>[.p/<W>]``; and
``GET /v1/receipts/<index>``, ``GET /v1/consistency?from=&to=``, ``GET /v1/vkey``,
``GET /openapi.json``, and ``GET /`` — a page where anyone checks a receipt in the browser.

Errors are JSON ``{"error": "…"}``: 400 bad record, 404 nothing there, 409 conflicting
circuit key, 413 request or record too large, 503 overloaded (or the log refuses to sign).

Concurrent appends are batched by :class:`~ledger.service.batcher.AppendBatcher`: one
transaction and one checkpoint per batch. Proofs are verified in worker threads before
they reach the writer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ledger.admission import Admitted, admit_commitment, admit_proof
from ledger.errors import (
    CircuitKeyConflictError,
    InvalidProofError,
    LedgerError,
    RecordError,
    StorageError,
)
from ledger.log import Ledger
from ledger.note import NoteSigner
from ledger.receipt import Receipt
from ledger.records import encode_record
from ledger.service.batcher import AppendBatcher, Overloaded
from ledger.service.openapi import openapi_document
from ledger.tiles import MAX_BUNDLED_ENTRY, TileError, TileNotFound, parse_tile_path, read_tile
from zk.errors import ZkError

#: Largest request body accepted (a proof with its key, or a batch of commitments).
MAX_BODY_BYTES = 4 * 1024 * 1024
#: Most commitments in one request.
MAX_RECORDS_PER_REQUEST = 10_000
#: JSON nesting accepted in a request (records are flat; keys nest 3 deep).
MAX_JSON_DEPTH = 32


class HttpError(Exception):
    """An error answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _status_of(exc: BaseException) -> int:
    if isinstance(exc, HttpError):
        return exc.status
    if isinstance(exc, Overloaded):
        return 503
    if isinstance(exc, CircuitKeyConflictError):
        return 409
    if isinstance(exc, TileNotFound):
        return 404
    if isinstance(exc, RecordError | TileError | InvalidProofError):
        return 400
    if isinstance(exc, LedgerError):  # the log refuses to sign, or its storage failed
        return 503
    if isinstance(exc, ZkError):  # a malformed key or proof
        return 400
    return 500


class _Readers:
    """One read-only ledger connection per worker thread."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._local = threading.local()
        self._all: list[Ledger] = []
        self._lock = threading.Lock()

    def get(self) -> Ledger:
        log = getattr(self._local, "ledger", None)
        if log is None:
            log = Ledger.open(self._url)
            self._local.ledger = log
            with self._lock:
                self._all.append(log)
        return log

    def close(self) -> None:
        with self._lock:
            for log in self._all:
                with contextlib.suppress(Exception):
                    log.close()
            self._all.clear()


async def _read_json(request: Request, limit: int) -> Any:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HttpError(413, f"request body is {declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HttpError(413, f"request body is larger than {limit} bytes")
    try:
        text = bytes(body).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HttpError(400, "request body is not UTF-8 JSON") from exc
    if _nesting(text) > MAX_JSON_DEPTH:  # before the parser recurses into it
        raise HttpError(400, f"request JSON is nested deeper than {MAX_JSON_DEPTH}")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise HttpError(400, f"request body is not valid JSON ({str(exc)[:120]})") from exc


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _nesting(text: str) -> int:
    """The deepest bracket nesting of a JSON text (strings skipped), without parsing it."""
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _check_tile_size(item: Admitted) -> Admitted:
    size = len(encode_record(item.record))
    if size > MAX_BUNDLED_ENTRY:
        raise HttpError(413, f"the record is {size} bytes; a served log holds entries of at "
                             f"most {MAX_BUNDLED_ENTRY} bytes (tlog-tiles entry bundles)")
    return item


def _admit_proof_body(body: Any) -> Admitted:
    if not isinstance(body, dict):
        raise HttpError(400, "a proof record is a JSON object")
    missing = [k for k in ("verification_key", "proof", "public", "circuit_id", "submitter")
               if k not in body]
    if missing:
        raise HttpError(400, f"the proof record lacks {', '.join(missing)}")
    return _check_tile_size(admit_proof(body["verification_key"], body["proof"], body["public"],
                                        body["circuit_id"], body["submitter"]))


def _admit_commitment_body(body: Any) -> Admitted:
    if not isinstance(body, dict) or "commitment" not in body:
        raise HttpError(400, "a commitment record is a JSON object with a 'commitment'")
    return _check_tile_size(admit_commitment(body["commitment"], body.get("scheme", "poseidon"),
                                             body.get("context", "")))


class LedgerService:
    """The state behind the routes: the writer, the readers, the settings."""

    def __init__(self, url: str, signer: NoteSigner, max_batch: int = 4096,
                 max_waiting: int = 65536, max_body: int = MAX_BODY_BYTES) -> None:
        self.url = url
        self.signer = signer
        self.max_batch = max_batch
        self.max_waiting = max_waiting
        self.max_body = max_body
        self.readers = _Readers(url)
        self.writer: Ledger | None = None
        self.batcher: AppendBatcher | None = None

    def start(self) -> None:
        """Open the signing ledger and start the writer."""
        self.writer = Ledger.open(self.url, self.signer)
        self.batcher = AppendBatcher(self.writer, self.max_batch, self.max_waiting)

    def stop(self) -> None:
        """Finish queued appends, stop the writer, close every connection."""
        if self.batcher is not None:
            self.batcher.close()
        if self.writer is not None:
            self.writer.close()
        self.readers.close()

    async def append(self, items: list[Admitted]) -> list[Receipt]:
        """Append through the batcher; raises the first record's refusal, if any."""
        assert self.batcher is not None, "the service is not started"
        future = self.batcher.submit(items)
        results = await asyncio.wrap_future(future)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return results

    # --- routes -------------------------------------------------------------------------
    async def post_proof(self, request: Request) -> Response:
        """POST /v1/proofs: verify a proof record, append it, answer its receipt."""
        body = await _read_json(request, self.max_body)
        item = await run_in_threadpool(_admit_proof_body, body)
        (receipt,) = await self.append([item])
        return JSONResponse(receipt.to_json(), status_code=201)

    async def post_commitments(self, request: Request) -> Response:
        """POST /v1/commitments: one commitment record or a JSON array of them."""
        body = await _read_json(request, self.max_body)
        if isinstance(body, list):
            if not body:
                raise HttpError(400, "an empty list of commitments")
            if len(body) > MAX_RECORDS_PER_REQUEST:
                raise HttpError(413, f"{len(body)} records in one request; the limit is "
                                     f"{MAX_RECORDS_PER_REQUEST}")
            items = await run_in_threadpool(lambda: [_admit_commitment_body(b) for b in body])
            receipts = await self.append(items)
            return JSONResponse({"receipts": [r.to_json() for r in receipts]}, status_code=201)
        item = _admit_commitment_body(body)
        (receipt,) = await self.append([item])
        return JSONResponse(receipt.to_json(), status_code=201)

    async def _read(self, fn: Callable[[Ledger], Any]) -> Any:
        return await run_in_threadpool(lambda: fn(self.readers.get()))

    async def get_checkpoint(self, request: Request) -> Response:
        """GET /checkpoint: the latest signed checkpoint note."""
        note = await self._read(lambda log: log.checkpoint())
        return Response(note, media_type="text/plain; charset=utf-8",
                        headers={"Cache-Control": "no-cache, max-age=1"})

    async def get_tile(self, request: Request) -> Response:
        """GET /tile/…: a hash tile or an entry bundle of the signed tree."""
        ref = parse_tile_path(request.path_params["path"])

        def read(log: Ledger) -> bytes:
            with log.storage.snapshot():
                latest = log.storage.latest_checkpoint()
                size = 0 if latest is None else latest[0]
                return read_tile(log.storage, size, ref)

        data = await self._read(read)
        return Response(data, media_type="application/octet-stream",
                        headers={"Cache-Control": "public, max-age=31536000, immutable"})

    async def get_receipt(self, request: Request) -> Response:
        """GET /v1/receipts/<index>: a receipt against the latest checkpoint."""
        index = _int_param(request.path_params["index"], "index")

        def receipt(log: Ledger) -> Receipt:
            try:
                return log.receipt(index)
            except StorageError as exc:
                raise HttpError(404, str(exc)) from exc

        return JSONResponse((await self._read(receipt)).to_json())

    async def get_consistency(self, request: Request) -> Response:
        """GET /v1/consistency?from=&to=: an RFC 9162 consistency proof."""
        size1 = _int_param(request.query_params.get("from"), "from")
        to = request.query_params.get("to")

        def prove(log: Ledger) -> dict[str, Any]:
            import base64

            with log.storage.snapshot():
                latest = log.storage.latest_checkpoint()
                signed = 0 if latest is None else latest[0]
                size2 = signed if to is None else _int_param(to, "to")
                if not 0 <= size1 <= size2 <= signed:
                    raise HttpError(400, f"need 0 <= from <= to <= {signed} (the signed size)")
                proof = log.consistency_proof(size1, size2)
            return {"size1": size1, "size2": size2,
                    "consistency_proof": [base64.b64encode(h).decode() for h in proof]}

        return JSONResponse(await self._read(prove))

    async def get_key(self, request: Request) -> Response:
        """GET /v1/keys/<hash>: a stored verification key (canonical JSON)."""
        digest_hex = request.path_params["digest"]
        if len(digest_hex) != 64 or any(c not in "0123456789abcdef" for c in digest_hex):
            raise HttpError(400, "a key hash is 64 lowercase hex digits")

        def read(log: Ledger) -> bytes:
            data = log.storage.verification_key(bytes.fromhex(digest_hex))
            if data is None:
                raise HttpError(404, f"no verification key {digest_hex}")
            return data

        return Response(await self._read(read), media_type="application/json")

    async def get_vkey(self, request: Request) -> Response:
        """GET /v1/vkey: the log's public key as this server states it."""
        return Response(self.signer.verifier().vkey() + "\n",
                        media_type="text/plain; charset=utf-8")

    async def get_openapi(self, request: Request) -> Response:
        """GET /openapi.json: the OpenAPI document."""
        return JSONResponse(openapi_document())

    async def get_page(self, request: Request) -> Response:
        """GET /: the receipt-checking page."""
        return Response(_static("index.html"), media_type="text/html; charset=utf-8")

    async def get_script(self, request: Request) -> Response:
        """GET /static/verify.js: the page's checks (WebCrypto)."""
        return Response(_static("verify.js"), media_type="text/javascript; charset=utf-8")


def _int_param(text: str | None, name: str) -> int:
    if text is None or not text.isdigit() or len(text) > 19:
        raise HttpError(400, f"'{name}' must be a non-negative decimal integer")
    return int(text)


def _static(name: str) -> bytes:
    return resources.files("ledger.service").joinpath("static", name).read_bytes()


def _route(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as exc:  # every error is answered as JSON, never as a traceback
            status = _status_of(exc)
            if status == 500:
                return _error(500, f"internal error: {type(exc).__name__}")
            return _error(status, str(exc))

    return endpoint


def create_app(url: str, signer: NoteSigner, *, max_batch: int = 4096,
               max_waiting: int = 65536, max_body: int = MAX_BODY_BYTES) -> Starlette:
    """The ASGI application serving the ledger at ``url`` (a path or a storage URL), signing
    with ``signer`` (a key read with :func:`ledger.keys.read_signer_key`, so that it keeps
    its state beside the key)."""
    service = LedgerService(url, signer, max_batch, max_waiting, max_body)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(service.start)
        try:
            yield
        finally:
            await run_in_threadpool(service.stop)

    routes = [
        Route("/", _route(service.get_page), methods=["GET"]),
        Route("/static/verify.js", _route(service.get_script), methods=["GET"]),
        Route("/checkpoint", _route(service.get_checkpoint), methods=["GET"]),
        Route("/tile/{path:path}", _route(service.get_tile), methods=["GET"]),
        Route("/v1/proofs", _route(service.post_proof), methods=["POST"]),
        Route("/v1/commitments", _route(service.post_commitments), methods=["POST"]),
        Route("/v1/receipts/{index}", _route(service.get_receipt), methods=["GET"]),
        Route("/v1/consistency", _route(service.get_consistency), methods=["GET"]),
        Route("/v1/vkey", _route(service.get_vkey), methods=["GET"]),
        Route("/v1/keys/{digest}", _route(service.get_key), methods=["GET"]),
        Route("/openapi.json", _route(service.get_openapi), methods=["GET"]),
    ]
    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        return _error(status, getattr(exc, "detail", None) or "error")

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error})
    app.state.service = service
    return app


def serve(url: str, signer: NoteSigner, host: str = "127.0.0.1", port: int = 8080,
          **options: Any) -> None:
    """Run the service on uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(url, signer, **options), host=host, port=port, log_level="warning")
