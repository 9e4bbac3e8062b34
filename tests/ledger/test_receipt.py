"""Receipts are checked offline; tampered ones and other logs' ones are refused."""

from __future__ import annotations

import json

import pytest

from ledger import NoteSigner, Receipt
from ledger.errors import (
    CheckpointError,
    InvalidProofError,
    ReceiptError,
    SignatureError,
    WrongLogError,
)


@pytest.fixture
def receipt_and_log(new_ledger):
    log = new_ledger(entries=6)
    return log.append_commitment("77", "poseidon", "receipt test"), log


def test_round_trip_through_json(receipt_and_log):
    receipt, log = receipt_and_log
    again = Receipt.from_json(json.loads(json.dumps(receipt.to_json())))
    assert again == receipt
    cp = again.verify(log.verifier)
    assert (cp.size, again.index) == (7, 6)


def test_receipt_without_entry_still_proves_the_leaf(receipt_and_log):
    receipt, log = receipt_and_log
    body = receipt.to_json()
    del body["entry"]
    Receipt.from_json(body).verify(log.verifier)


def test_receipt_for_another_log(receipt_and_log):
    receipt, _log = receipt_and_log
    other = NoteSigner.generate("other.example.gov/ledger")
    with pytest.raises(WrongLogError, match=r"not 'other\.example\.gov/ledger'"):
        receipt.verify(other.verifier())
    impostor = NoteSigner.generate(receipt.origin)  # same name, another key
    with pytest.raises(SignatureError):
        receipt.verify(impostor.verifier())


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda b: b.__setitem__("index", 5), InvalidProofError),
        (lambda b: b.__setitem__("tree_size", 8), InvalidProofError),
        (lambda b: b.__setitem__("entry", b["entry"].replace("77", "78")), InvalidProofError),
        (lambda b: b["inclusion_proof"].pop(), InvalidProofError),
        (lambda b: b.__setitem__("checkpoint", b["checkpoint"].replace("\n7\n", "\n8\n")),
         SignatureError),
        (lambda b: b.__setitem__("origin", "elsewhere.gov"), WrongLogError),
    ],
)
def test_tampered_receipts_fail(receipt_and_log, change, error):
    receipt, log = receipt_and_log
    body = receipt.to_json()
    change(body)
    with pytest.raises(error):
        Receipt.from_json(body).verify(log.verifier)


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"format": "something else"},
        {"format": "zkgov-ledger-receipt", "version": 1},
        {"format": "zkgov-ledger-receipt", "version": 1, "origin": "a", "index": "1",
         "tree_size": 1, "inclusion_proof": [], "checkpoint": "", "leaf_hash": ""},
        {"format": "zkgov-ledger-receipt", "version": 1, "origin": "a", "index": 0,
         "tree_size": 1, "inclusion_proof": ["%%%"], "checkpoint": "", "leaf_hash": ""},
    ],
)
def test_malformed_receipts(body):
    with pytest.raises(ReceiptError):
        Receipt.from_json(body)


def test_checked_against_a_given_checkpoint(receipt_and_log):
    receipt, log = receipt_and_log
    receipt.verify(log.verifier, checkpoint=log.checkpoint(7))
    with pytest.raises(InvalidProofError, match="size"):
        receipt.verify(log.verifier, checkpoint=log.checkpoint(6))
    with pytest.raises(CheckpointError):
        receipt.verify(log.verifier, checkpoint="not a note")
