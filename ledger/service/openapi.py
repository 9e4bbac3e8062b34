"""The OpenAPI 3.1 document of ``zkgov ledger serve`` (served at ``/openapi.json``)."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    meaning = {
        400: "malformed request or record, invalid proof, forgeable verification key",
        404: "not there (or not covered by the latest signed checkpoint)",
        409: "the circuit id is bound to another verification key",
        413: "request, batch or record too large",
        503: "overloaded, or the log refuses to sign (see the message)",
    }
    return {str(c): _json(_ERROR, meaning[c]) for c in codes}


def _binary(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                "format": "binary"}}}}


def _tile_path(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}


def openapi_document() -> dict[str, Any]:
    """The document (a fresh dict each call)."""
    receipt = {"$ref": "#/components/schemas/Receipt"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "zkgov audit log",
            "version": "1",
            "description": (
                "An append-only transparency log (RFC 9162 Merkle tree, C2SP signed-note "
                "checkpoints) of Groth16 proofs and commitments. Writes verify before they "
                "append; reads follow the C2SP tlog-tiles API."),
        },
        "paths": {
            "/v1/proofs": {"post": {
                "summary": "Verify a snarkjs Groth16 proof and append its record",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ProofRecord"}}}},
                "responses": {"201": _json(receipt, "appended: the receipt"),
                              **_errors(400, 409, 413, 503)},
            }},
            "/v1/commitments": {"post": {
                "summary": "Append a commitment, or a batch of them (a JSON array)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/CommitmentRecord"},
                              {"type": "array", "maxItems": 10000,
                               "items": {"$ref": "#/components/schemas/CommitmentRecord"}}]}}}},
                "responses": {
                    "201": _json({"oneOf": [receipt, {"type": "object", "properties": {
                        "receipts": {"type": "array", "items": receipt}}}]},
                        "appended: one receipt (or {receipts} for a batch)"),
                    **_errors(400, 413, 503)},
            }},
            "/checkpoint": {"get": {
                "summary": "The latest signed checkpoint (C2SP tlog-checkpoint signed note)",
                "responses": {"200": {"description": "the note", "content": {
                    "text/plain": {"schema": {"type": "string"}}}}},
            }},
            "/tile/{L}/{N}": {"get": {
                "summary": "A Merkle tree tile (C2SP tlog-tiles); N in x-prefixed 3-digit "
                           "groups, optionally followed by .p/<W> for a partial tile",
                "parameters": [_tile_path("L", "level, 0 to 63"),
                               _tile_path("N", "index, e.g. x001/x234/067[.p/12]")],
                "responses": {"200": _binary("concatenated 32-byte hashes"),
                              **_errors(400, 404)},
            }},
            "/tile/entries/{N}": {"get": {
                "summary": "An entry bundle (C2SP tlog-tiles): uint16-length-prefixed entries",
                "parameters": [_tile_path("N", "index, e.g. 000 or x001/234[.p/W]")],
                "responses": {"200": _binary("the entry bundle"), **_errors(400, 404)},
            }},
            "/v1/receipts/{index}": {"get": {
                "summary": "A receipt for an entry against the latest checkpoint",
                "parameters": [{"name": "index", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 0}}],
                "responses": {"200": _json(receipt, "the receipt"), **_errors(400, 404)},
            }},
            "/v1/consistency": {"get": {
                "summary": "An RFC 9162 consistency proof between two signed tree sizes",
                "parameters": [
                    {"name": "from", "in": "query", "required": True,
                     "schema": {"type": "integer", "minimum": 0}},
                    {"name": "to", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 0},
                     "description": "default: the latest checkpoint's size"}],
                "responses": {"200": _json({"type": "object", "properties": {
                    "size1": {"type": "integer"}, "size2": {"type": "integer"},
                    "consistency_proof": {"type": "array", "items": {"type": "string",
                                                                      "format": "byte"}}}},
                    "the proof"), **_errors(400)},
            }},
            "/v1/keys/{hash}": {"get": {
                "summary": "A verification key proof records name, by its SHA-256 (the "
                           "canonical JSON the hash covers)",
                "parameters": [{"name": "hash", "in": "path", "required": True,
                                "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}],
                "responses": {"200": _json({"type": "object"}, "the key"),
                              **_errors(400, 404)},
            }},
            "/v1/vkey": {"get": {
                "summary": "The log's public key as the server states it (pin the published "
                           "one instead)",
                "responses": {"200": {"description": "name+keyid+base64 key", "content": {
                    "text/plain": {"schema": {"type": "string"}}}}},
            }},
            "/": {"get": {"summary": "A page that checks a receipt in the browser",
                          "responses": {"200": {"description": "HTML"}}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"],
                      "properties": {"error": {"type": "string"}}},
            "ProofRecord": {
                "type": "object",
                "required": ["verification_key", "proof", "public", "circuit_id", "submitter"],
                "properties": {
                    "verification_key": {"type": "object",
                                         "description": "snarkjs verification_key.json"},
                    "proof": {"type": "object", "description": "snarkjs proof.json"},
                    "public": {"type": "array", "items": {"type": "string"},
                               "description": "snarkjs public.json"},
                    "circuit_id": {"type": "string"},
                    "submitter": {"type": "string"},
                }},
            "CommitmentRecord": {
                "type": "object", "required": ["commitment"],
                "properties": {
                    "commitment": {"oneOf": [{"type": "string"}, {"type": "array"}]},
                    "scheme": {"type": "string", "enum": ["poseidon", "pedersen"]},
                    "context": {"oneOf": [{"type": "string"}, {"type": "object"}]},
                }},
            "Receipt": {
                "type": "object",
                "required": ["format", "version", "origin", "index", "leaf_hash", "tree_size",
                             "inclusion_proof", "checkpoint"],
                "properties": {
                    "format": {"type": "string"}, "version": {"type": "integer"},
                    "origin": {"type": "string"}, "index": {"type": "integer"},
                    "leaf_hash": {"type": "string", "format": "byte"},
                    "tree_size": {"type": "integer"},
                    "inclusion_proof": {"type": "array",
                                        "items": {"type": "string", "format": "byte"}},
                    "checkpoint": {"type": "string", "description": "signed note"},
                    "entry": {"type": "string", "description": "the record's canonical JSON"},
                }},
        }},
    }
