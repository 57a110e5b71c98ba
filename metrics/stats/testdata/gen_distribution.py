#!/usr/bin/python3
"""Reference values for the distribution statistics of metrics/stats (KS,
Kendall tau-b, PSI), produced by scipy and numpy.

Run with Debian's interpreter (scipy 1.10, numpy 1.24):

    cd metrics/stats/testdata && /usr/bin/python3 gen_distribution.py > distribution_reference.json

Seeded, so the output is the same on every run.
  ks:      scipy.stats.ks_2samp(x, y) with method="auto" (exact p-value for
           max(n1, n2) <= 10000 unless scipy's exact recurrence overflows and
           it falls back, recorded as scipy_exact=false); also the asymptotic
           p-value scipy.stats.kstwobign.sf(sqrt(n1*n2/(n1+n2)) * D).
  kstwobign: scipy.stats.kstwobign.sf(z) on a grid.
  kendall: scipy.stats.kendalltau(x, y) (tau-b) with ties.
  psi:     numpy implementation of the binning documented in psi.go
           (quantile bins of expected via numpy.quantile, right-closed bins
           via numpy.searchsorted(side="left"), empty shares -> 1e-4).
"""
import json
import math
import sys
import warnings

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261124)


def ks_case(name, x, y, store=True):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = stats.ks_2samp(x, y)  # method="auto"
    n1, n2 = len(x), len(y)
    en = n1 * n2 / (n1 + n2)
    return {
        "name": name,
        "x": [float(v) for v in x] if store else None,
        "y": [float(v) for v in y] if store else None,
        "n1": n1,
        "n2": n2,
        "d": float(r.statistic),
        "p": float(r.pvalue),
        # scipy falls back to its asymptotic method when the exact one
        # overflows (it warns); then its p-value is not the exact one.
        "scipy_exact": max(n1, n2) <= 10000 and not w,
        "p_asymp_kstwobign": float(stats.kstwobign.sf(math.sqrt(en) * r.statistic)),
    }


ks = []
for n1, n2, shift in [(5, 5, 0.0), (7, 11, 0.5), (20, 20, 1.0), (30, 45, 0.3),
                      (100, 120, 0.0), (100, 120, 0.4), (250, 400, 0.15),
                      (1000, 1500, 0.1), (3, 40, 1.0), (64, 64, 2.0)]:
    x = rng.normal(0, 1, n1)
    y = rng.normal(shift, 1, n2)
    ks.append(ks_case(f"normal n1={n1} n2={n2} shift={shift}", x, y))
# medium sizes, exact branch of the Go code (scipy may fall back)
for n1, n2, shift in [(3000, 2000, 0.05)]:
    x = rng.normal(0, 1, n1)
    y = rng.normal(shift, 1, n2)
    ks.append(ks_case(f"normal n1={n1} n2={n2} shift={shift}", x, y))
# ties: rounded values (scipy's exact p-value ignores ties; so does ours)
x = np.round(rng.normal(0, 1, 40), 1)
y = np.round(rng.normal(0.3, 1, 50), 1)
ks.append(ks_case("rounded to 0.1 (ties)", x, y))
# large samples (asymptotic branch), not stored: grids that the Go test
# rebuilds with the same IEEE operations, x_i = i/n1, y_j = (j/n2)*scale + shift
for n1, n2, scale, shift in [(12000, 15000, 1.0, 0.012), (20000, 11000, 1.03, -0.01)]:
    x = np.arange(n1) / n1
    y = (np.arange(n2) / n2) * scale + shift
    c = ks_case(f"grid n1={n1} n2={n2} scale={scale} shift={shift}", x, y, store=False)
    c["scale"], c["shift"] = scale, shift
    ks.append(c)

kstwobign = [{"z": z, "sf": float(stats.kstwobign.sf(z))}
             for z in [0.05, 0.2, 0.4, 0.5, 0.7, 0.9, 0.99, 1.0, 1.01, 1.2, 1.5, 2.0, 3.0, 5.0]]

kendall = []
for n, levels in [(10, 0), (25, 5), (50, 3), (200, 20), (7, 2)]:
    x = rng.normal(0, 1, n)
    y = x + rng.normal(0, 1, n)
    if levels:
        x = np.round(x * levels / 3) / levels
        y = np.round(y * levels / 3) / levels
    r = stats.kendalltau(x, y)
    kendall.append({"x": [float(v) for v in x], "y": [float(v) for v in y], "tau": float(r.statistic)})


def psi(actual, expected, bins):
    edges = np.unique(np.quantile(expected, np.arange(1, bins) / bins))
    e = np.bincount(np.searchsorted(edges, expected, side="left"), minlength=len(edges) + 1) / len(expected)
    a = np.bincount(np.searchsorted(edges, actual, side="left"), minlength=len(edges) + 1) / len(actual)
    e = np.maximum(e, 1e-4)
    a = np.maximum(a, 1e-4)
    return float(np.sum((a - e) * np.log(a / e)))


psis = []
for n_e, n_a, shift, bins, rnd in [(500, 400, 0.0, 10, False), (500, 400, 0.3, 10, False),
                                   (1000, 800, 1.0, 10, False), (200, 300, 0.5, 5, True),
                                   (100, 100, 3.0, 10, False), (300, 50, 0.0, 20, True)]:
    e = rng.normal(0, 1, n_e)
    a = rng.normal(shift, 1, n_a)
    if rnd:
        e, a = np.round(e), np.round(a)
    psis.append({"expected": [float(v) for v in e], "actual": [float(v) for v in a],
                 "bins": bins, "psi": psi(a, e, bins)})

json.dump({"versions": {"scipy": scipy.__version__, "numpy": np.__version__},
           "ks": ks, "kstwobign": kstwobign, "kendall": kendall, "psi": psis},
          sys.stdout, indent=0)
sys.stdout.write("\n")
