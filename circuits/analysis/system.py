"""The constraint system as the analyzer sees it: equations over variables.

Variables are the R1CS wires plus *virtual* variables: when a constraint says that a linear
combination L of several wires takes one of two values (L·(L − 1) = 0 with L = a − Σ 2ⁱ·bᵢ,
as a bit decomposition's top bit), L gets a variable v of its own and the linear equation
L − v = 0, so that the bit-decomposition rule can treat v like any boolean wire.

Each R1CS constraint A·B = C becomes one :class:`Equation`: *linear* when A or B is a
constant (then a₀·B − C = 0), else *product*. Two-valued variables (x ∈ {p, q}) are found
from constraints whose A, B and C are multiples of one combination L plus constants: a
quadratic in L with two roots.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from sympy.ntheory import sqrt_mod

from zk.field import R, inv
from zk.r1cs import ONE, R1CS, LinearCombination

Terms = dict[int, int]


@dataclass
class Equation:
    """One equation: ``terms`` = 0 when linear, ``a·b − c`` = 0 when a product."""

    index: int
    linear: bool
    terms: Terms = field(default_factory=dict)
    a: Terms = field(default_factory=dict)
    b: Terms = field(default_factory=dict)
    c: Terms = field(default_factory=dict)
    #: a product that says no more than "this variable takes one of two values" (the
    #: solver then states the two values instead of the quadratic)
    domain_only: bool = False

    def variables(self) -> set[int]:
        """Every variable the equation involves (not the constant wire)."""
        if self.linear:
            return {v for v in self.terms if v != ONE}
        return {v for part in (self.a, self.b, self.c) for v in part if v != ONE}


@dataclass
class System:
    """Equations, variables and what the constraints say about single variables."""

    r1cs: R1CS
    equations: list[Equation]
    n_vars: int
    #: variable → (p, q): the two values it may take
    two_valued: dict[int, tuple[int, int]]
    #: variable → equations that involve it
    occurs: list[list[int]]
    #: wires of the public and private inputs
    inputs: list[int]

    @property
    def outputs(self) -> range:
        """Wires of the public outputs."""
        return range(1, 1 + self.r1cs.n_public_outputs)


def _is_constant(t: Terms) -> bool:
    return all(w == ONE for w in t)


def _split(t: Terms) -> tuple[Terms, int]:
    return {w: c for w, c in t.items() if w != ONE}, t.get(ONE, 0)


def _ratio(x: Terms, base: Terms) -> int | None:
    """k with x = k·base (both without constants), or None."""
    if not base or x.keys() != base.keys():
        return None
    first = next(iter(base))
    k = x[first] * inv(base[first]) % R
    return k if all(x[w] == base[w] * k % R for w in base) else None


def _quadratic_roots(a: int, b: int, c: int) -> list[int]:
    """Roots of a·L² + b·L + c over Fr (a ≠ 0)."""
    disc = (b * b - 4 * a * c) % R
    small = math.isqrt(disc)  # x·(x − 1) and its kin: a small square, no need for sympy
    root = small if small * small == disc else sqrt_mod(disc, R)
    if root is None:
        return []
    half = inv(2 * a % R)
    return sorted({(-b + root) * half % R, (-b - root) * half % R})


def _combine(x: Terms, y: Terms, ky: int = 1) -> Terms:
    out = dict(x)
    for w, c in y.items():
        v = (out.get(w, 0) + c * ky) % R
        if v:
            out[w] = v
        else:
            out.pop(w, None)
    return out


def input_wires(r1cs: R1CS) -> list[int]:
    """The input wires as the R1CS header counts them (after the outputs)."""
    first = 1 + r1cs.n_public_outputs
    return list(range(first, first + r1cs.n_public_inputs + r1cs.n_private_inputs))


def build_system(r1cs: R1CS, inputs: Sequence[int] | None = None) -> System:
    """Turn the R1CS into equations and find the two-valued variables; ``inputs`` overrides
    the header's input wires (circom --O2 may drop some, see ``circom.load_circom``)."""
    equations: list[Equation] = []
    two_valued: dict[int, tuple[int, int]] = {}
    virtual: dict[tuple[tuple[int, int], ...], int] = {}
    n_vars = r1cs.n_wires

    def lc(x: LinearCombination) -> Terms:
        return dict(x.terms)

    for i, con in enumerate(r1cs.constraints):
        a, b, c = lc(con.a), lc(con.b), lc(con.c)
        if _is_constant(a) or _is_constant(b):
            k, other = (a.get(ONE, 0), b) if _is_constant(a) else (b.get(ONE, 0), a)
            terms = _combine({w: v * k % R for w, v in other.items()}, c, R - 1)
            equations.append(Equation(i, True, terms=terms))
            continue
        product = Equation(i, False, a=a, b=b, c=c)
        equations.append(product)
        # Two-valued combinations: A, B, C multiples of one L (plus constants).
        (an, a0), (bn, b0), (cn, c0) = _split(a), _split(b), _split(c)
        beta = _ratio(bn, an)
        gamma = 0 if not cn else _ratio(cn, an)
        if beta is None or gamma is None:
            continue
        first = next(iter(an))
        alpha = an[first]
        base = {w: v * inv(alpha) % R for w, v in an.items()}  # L, with coefficient 1 first
        # A = α·L + a0, B = αβ·L + b0, C = αγ·L + c0
        qa = alpha * alpha * beta % R
        qb = (alpha * b0 + alpha * beta * a0 - alpha * gamma) % R
        qc = (a0 * b0 - c0) % R
        roots = _quadratic_roots(qa, qb, qc)
        if len(roots) != 2:
            if len(roots) == 1:  # L has one value: a linear equation
                equations.append(Equation(i, True, terms=_combine(base, {ONE: -roots[0] % R})))
            continue
        product.domain_only = True
        if len(base) == 1 and base[first] == 1:
            if first in two_valued and two_valued[first] != (roots[0], roots[1]):
                product.domain_only = False  # two different pairs: keep both equations
                continue
            two_valued[first] = (roots[0], roots[1])
            continue
        key = tuple(sorted(base.items()))
        v = virtual.get(key)
        if v is not None and two_valued[v] != (roots[0], roots[1]):
            product.domain_only = False
            continue
        if v is None:
            v = virtual[key] = n_vars
            n_vars += 1
            two_valued[v] = (roots[0], roots[1])
            equations.append(Equation(i, True, terms=_combine(base, {v: R - 1})))
    occurs: list[list[int]] = [[] for _ in range(n_vars)]
    for j, eq in enumerate(equations):
        for v in eq.variables():
            occurs[v].append(j)
    ins = list(inputs) if inputs is not None else input_wires(r1cs)
    return System(r1cs, equations, n_vars, two_valued, occurs, ins)
