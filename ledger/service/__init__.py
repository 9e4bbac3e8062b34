"""``zkgov ledger serve``: the log over HTTP.

* :mod:`~ledger.service.app` — the ASGI application (Starlette): appends, the C2SP
  tlog-tiles read API, receipts, the OpenAPI document and the receipt-checking page;
* :mod:`~ledger.service.batcher` — the single writer that sequences concurrent appends into
  one transaction and one checkpoint per batch;
* :mod:`~ledger.service.openapi` — the OpenAPI 3.1 document.

Run it with :func:`ledger.service.app.serve`, or mount :func:`~ledger.service.app.create_app`
in any ASGI server.
"""
