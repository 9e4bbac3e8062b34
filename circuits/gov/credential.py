"""Signed credentials and thresholds proven from them (age, income).

A registry (the issuer) signs a credential about a person with EdDSA-Poseidon on Baby
Jubjub. The credential holds, as field elements:

========================  ==========================================================
``holder``                 Poseidon(holder_secret): binds the credential to whoever knows
                           the secret, so a copied credential is useless without it
``birth_date``             YYYYMMDD, e.g. 19900415
``income``                 yearly income in whole currency units (< 2^48)
``region``                 a region or municipality code
``issued`` / ``expires``   YYYYMMDD
========================  ==========================================================

and the issuer signs ``Poseidon(holder, birth_date, income, region, issued, expires)``.

Dates are compared as YYYYMMDD numbers: someone born on ``b`` is at least ``n`` years old on
day ``d`` exactly when b + n·10000 ≤ d (a person born on 29 February turns n on 1 March in
non-leap years).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from circuits import Builder, Circuit, field, private, public, u8, uint
from circuits.crypto import eddsa
from circuits.crypto.poseidon import poseidon as poseidon_hash
from circuits.errors import InputError
from circuits.gadgets.eddsa import assert_eddsa_poseidon
from circuits.gadgets.poseidon import poseidon
from circuits.signal import Signal

__all__ = ["AgeAtLeast", "Credential", "IncomeAtMost", "holder_commitment"]

#: A YYYYMMDD date (< 10^8 < 2^27).
DATE = uint(27)
#: Bits of a date in comparisons: a birth date plus 255 years still fits, with room to spare.
DATE_BITS = 32
#: Bits of an income figure.
INCOME_BITS = 48
YEAR = 10000  # one year in YYYYMMDD arithmetic


def holder_commitment(holder_secret: int) -> int:
    """Poseidon(holder_secret), the ``holder`` attribute of a credential."""
    return int(poseidon_hash([holder_secret]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Credential:
    """The attributes a registry signs (see the module docstring)."""

    holder: int
    birth_date: int
    income: int
    region: int
    issued: int
    expires: int

    def message(self) -> int:
        """The field element the issuer signs."""
        return int(poseidon_hash([getattr(self, f.name) for f in fields(self)]))  # type: ignore[arg-type]

    def sign(self, issuer_private_key: bytes) -> eddsa.Signature:
        """The issuer's signature over :meth:`message`."""
        return eddsa.sign_poseidon(issuer_private_key, self.message())

    def proof_inputs(
        self, holder_secret: int, signature: eddsa.Signature, issuer_public_key: tuple[int, int]
    ) -> dict[str, Any]:
        """The inputs every credential circuit shares, as decimal strings."""
        if holder_commitment(holder_secret) != self.holder:
            raise InputError("the holder secret does not match the credential's holder")
        return {
            "issuer_ax": str(issuer_public_key[0]),
            "issuer_ay": str(issuer_public_key[1]),
            "holder_secret": str(holder_secret),
            **{f.name: str(getattr(self, f.name)) for f in fields(self) if f.name != "holder"},
            "sig_r8x": str(signature.r8[0]),
            "sig_r8y": str(signature.r8[1]),
            "sig_s": str(signature.s),
        }


class _SignedCredential(Circuit):
    """Inputs and checks shared by the credential circuits (not a statement on its own)."""

    issuer_ax = public(field, doc="issuer public key, x")
    issuer_ay = public(field, doc="issuer public key, y")
    today = public(DATE, doc="the date the statement is about, YYYYMMDD")
    holder_secret = private(
        field, doc="the holder's secret (Poseidon of it is the holder attribute)"
    )
    birth_date = private(DATE)
    income = private(uint(INCOME_BITS))
    region = private(field, doc="a region code, only signed here")
    issued = private(DATE)
    expires = private(DATE)
    sig_r8x = private(field)
    sig_r8y = private(field)
    sig_s = private(field, doc="checked below the subgroup order by the EdDSA gadget")

    def check_credential(self, c: Builder) -> None:
        """The credential is signed by the issuer, held by the prover and valid ``today``."""
        with c.label("credential"):
            holder = poseidon(c, [self.holder_secret])
            message = poseidon(
                c,
                [holder, self.birth_date, self.income, self.region, self.issued, self.expires],
            )
            assert_eddsa_poseidon(
                c,
                (self.issuer_ax, self.issuer_ay),
                (self.sig_r8x, self.sig_r8y),
                self.sig_s,
                message,
            )
            c.assert_less_eq(self.issued, self.today, DATE_BITS, "not yet valid on this date")
            c.assert_less_eq(self.today, self.expires, DATE_BITS, "expired on this date")


class AgeAtLeast(_SignedCredential):
    """Proves: "the holder of a credential signed by this issuer is at least ``min_age``
    years old on ``today``, and the credential is valid that day".

    Public: the issuer's key, the date, the age bound. Secret: the birth date and every other
    attribute, the holder secret, the signature.
    """

    min_age = public(u8, doc="age in whole years")

    def define(self, c: Builder) -> None:
        """Check the signed credential, then birth_date + min_age·10000 ≤ today (dates as
        YYYYMMDD, so adding 10000 is one year)."""
        self.check_credential(c)
        born_by: Signal = self.birth_date + self.min_age.scale(YEAR)
        c.assert_less_eq(born_by, self.today, DATE_BITS, "younger than the minimum age")


class IncomeAtMost(_SignedCredential):
    """Proves: "the yearly income in a credential signed by this issuer is at most
    ``max_income``, and the credential is valid on ``today``" (e.g. for a means-tested
    benefit).

    Public: the issuer's key, the date, the income bound. Secret: the income and every other
    attribute, the holder secret, the signature.
    """

    max_income = public(uint(INCOME_BITS), doc="income bound in whole currency units")

    def define(self, c: Builder) -> None:
        """Check the signed credential, then income ≤ max_income as 48-bit integers."""
        self.check_credential(c)
        c.assert_less_eq(self.income, self.max_income, INCOME_BITS, "income above the bound")
