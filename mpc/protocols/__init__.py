"""Semi-honest, honest-majority protocols on Shamir shares (whole vectors per round).

* :mod:`~mpc.protocols.arithmetic` — opening (with Reed–Solomon checking), multiplication with
  degree reduction, inner products;
* :mod:`~mpc.protocols.randomness` — shared random elements, bounded integers and bits;
* :mod:`~mpc.protocols.comparison` — less-than-zero and equality-to-zero by bit decomposition;
* :mod:`~mpc.protocols.fixedpoint` — probabilistic truncation for fixed-point numbers;
* :mod:`~mpc.protocols.conversion` — moving bounded shares to another field;

Protocols take the party's :class:`~mpc.runtime.Runtime`, a field and share arrays, and return
share arrays; the secure types in :mod:`mpc.secure` wrap them, and :mod:`mpc.statistics`
(count, sum, mean, variance, min/max, histogram) works on the secure types. Protocols never
import the secure types.
"""
