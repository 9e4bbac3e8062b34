"""Point validity in one place: canonical, on the curve, in the subgroup, identity or not.

Every reader of points (keys, proofs, ``.zkey`` and ``.ptau`` files, ceremony transcripts,
commitments) asks here, so the rules and the messages are the same everywhere:

* **canonical** — every coordinate an integer 0 ≤ x < q (a decoded buffer is canonical by
  construction: :mod:`zk.curve.encoding` refuses coordinates ≥ q);
* **on the curve** — y² = x³ + 3 over Fp for G1, y² = x³ + 3/(9+u) over Fp2 for G2;
* **in the subgroup** — automatic for G1 (cofactor 1), a real check for G2;
* **identity** — the point at infinity is a group element, but some points (a key's α, β, …)
  must not be it: the caller says whether it is allowed.

The arithmetic itself is the curve backend's (``g1_is_on_curve``, ``g2_in_subgroup``,
``g1_first_invalid``, ``g2_first_invalid``); this module only applies the rules and names
the point in a :class:`~zk.errors.PointError`.
"""

from __future__ import annotations

from zk.curve import get_backend
from zk.curve.base import G1, G2, BytesLike, CurveGroup
from zk.errors import PointError
from zk.field import Q


def _canonical(coords: tuple[object, ...]) -> bool:
    return all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c < Q for c in coords)


def g1_problem(p: G1, backend: CurveGroup | None = None, allow_identity: bool = True) -> str | None:
    """Why ``p`` is not an acceptable G1 point (a phrase), or ``None`` when it is."""
    if p is None:
        return None if allow_identity else "is the point at infinity"
    if not isinstance(p, tuple) or len(p) != 2 or not _canonical(p):
        return "has a coordinate that is not an integer below the base field modulus q"
    if not (backend or get_backend()).g1_is_on_curve(p):
        return "is not a point on G1 (not on the BN254 curve)"
    return None


def g2_problem(p: G2, backend: CurveGroup | None = None, allow_identity: bool = True) -> str | None:
    """Why ``p`` is not an acceptable G2 point (a phrase), or ``None`` when it is."""
    if p is None:
        return None if allow_identity else "is the point at infinity"
    shape_ok = isinstance(p, tuple) and len(p) == 2 and all(
        isinstance(c, tuple) and len(c) == 2 for c in p
    )
    if not shape_ok or not _canonical((*p[0], *p[1])):
        return "has a coordinate that is not an integer below the base field modulus q"
    be = backend or get_backend()
    if not be.g2_is_on_curve(p):
        return "is not a point on G2 (not on the BN254 twist)"
    if not be.g2_in_subgroup(p):
        return "is on the curve but not in the G2 subgroup (the prime-order subgroup)"
    return None


def is_valid_g1(p: G1, backend: CurveGroup | None = None, allow_identity: bool = True) -> bool:
    """True when ``p`` is an element of G1 (and not the identity unless allowed)."""
    return g1_problem(p, backend, allow_identity) is None


def is_valid_g2(p: G2, backend: CurveGroup | None = None, allow_identity: bool = True) -> bool:
    """True when ``p`` is an element of the order-r subgroup of the twist (and not the
    identity unless allowed)."""
    return g2_problem(p, backend, allow_identity) is None


def check_g1(p: G1, what: str, backend: CurveGroup | None = None,
             allow_identity: bool = True) -> G1:
    """Return ``p`` if it is a valid G1 point, else raise :class:`PointError` naming ``what``."""
    problem = g1_problem(p, backend, allow_identity)
    if problem:
        raise PointError(f"{what} {problem}")
    return p


def check_g2(p: G2, what: str, backend: CurveGroup | None = None,
             allow_identity: bool = True) -> G2:
    """Return ``p`` if it is a valid G2 point, else raise :class:`PointError` naming ``what``."""
    problem = g2_problem(p, backend, allow_identity)
    if problem:
        raise PointError(f"{what} {problem}")
    return p


def first_invalid_g1(points: BytesLike, backend: CurveGroup | None = None) -> int | None:
    """Index of the first packed G1 point with a coordinate ≥ q or off the curve (the
    identity is valid), or ``None`` when every point is a group element."""
    index = (backend or get_backend()).g1_first_invalid(points)
    return None if index < 0 else index


def first_invalid_g2(points: BytesLike, backend: CurveGroup | None = None) -> int | None:
    """Index of the first packed G2 point with a coordinate ≥ q, off the twist or outside the
    order-r subgroup (the identity is valid), or ``None``."""
    index = (backend or get_backend()).g2_first_invalid(points)
    return None if index < 0 else index


def check_g1_points(points: BytesLike, what: str, backend: CurveGroup | None = None) -> None:
    """Raise :class:`PointError` naming the first packed G1 point of ``what`` that is not a
    group element."""
    bad = first_invalid_g1(points, backend)
    if bad is not None:
        raise PointError(f"{what} point #{bad} is not a point on G1 (not on the BN254 curve)")


def check_g2_points(points: BytesLike, what: str, backend: CurveGroup | None = None) -> None:
    """Raise :class:`PointError` naming the first packed G2 point of ``what`` that is not an
    element of the order-r subgroup."""
    bad = first_invalid_g2(points, backend)
    if bad is not None:
        raise PointError(f"{what} point #{bad} is not in the G2 subgroup")
