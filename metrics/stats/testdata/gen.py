#!/usr/bin/python3
"""Reference vectors for metrics/stats, written to reference.json.

Run with Debian's /usr/bin/python3 (numpy 1.24, scipy 1.10, scikit-learn 1.2.1,
statsmodels 0.13.5 from python3-statsmodels):

    cd metrics/stats/testdata && /usr/bin/python3 gen.py

Every dataset comes from a seeded numpy Generator, so the file is reproducible.

DeLong: a numpy implementation of the fast algorithm of Sun & Xu (2014), the
well-known compare_auc_delong_xu (compute_midrank / fastDeLong /
delong_roc_variance / delong_roc_test), written out here; the AUC is checked
against scikit-learn's roc_auc_score before it is written.
McNemar: statsmodels.stats.contingency_tables.mcnemar.
Paired t-test: scipy.stats.ttest_rel, interval from scipy.stats.t.ppf.
Benjamini-Hochberg: statsmodels.stats.multitest.multipletests(method="fdr_bh"),
which computes R's p.adjust(method="BH").
"""
import json

import numpy as np
import scipy
import scipy.stats
import sklearn
import statsmodels
from sklearn.metrics import roc_auc_score
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests


# --- DeLong, after compare_auc_delong_xu (Sun & Xu 2014) --------------------

def compute_midrank(x):
    """Mid-ranks (1-based) of x; tied values share the mean of their ranks."""
    j = np.argsort(x, kind="mergesort")
    z = x[j]
    n = len(x)
    t = np.zeros(n, dtype=float)
    i = 0
    while i < n:
        a = i
        while a < n and z[a] == z[i]:
            a += 1
        t[i:a] = 0.5 * (i + a - 1)
        i = a
    t2 = np.empty(n, dtype=float)
    t2[j] = t + 1
    return t2


def fast_delong(predictions_sorted_transposed, label_1_count):
    """Returns (aucs, delongcov) for k scorings; columns: positives first."""
    m = label_1_count
    n = predictions_sorted_transposed.shape[1] - m
    positive_examples = predictions_sorted_transposed[:, :m]
    negative_examples = predictions_sorted_transposed[:, m:]
    k = predictions_sorted_transposed.shape[0]
    tx = np.empty([k, m], dtype=float)
    ty = np.empty([k, n], dtype=float)
    tz = np.empty([k, m + n], dtype=float)
    for r in range(k):
        tx[r, :] = compute_midrank(positive_examples[r, :])
        ty[r, :] = compute_midrank(negative_examples[r, :])
        tz[r, :] = compute_midrank(predictions_sorted_transposed[r, :])
    aucs = tz[:, :m].sum(axis=1) / m / n - float(m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx[:, :]) / n
    v10 = 1.0 - (tz[:, m:] - ty[:, :]) / m
    sx = np.cov(v01)
    sy = np.cov(v10)
    delongcov = sx / m + sy / n
    return aucs, delongcov


def delong_prepare(labels, *scorings):
    labels = np.asarray(labels, dtype=bool)
    order = np.concatenate([np.flatnonzero(labels), np.flatnonzero(~labels)])
    preds = np.vstack([np.asarray(s, dtype=float)[order] for s in scorings])
    return preds, int(labels.sum())


def delong_roc_variance(labels, scores):
    preds, m = delong_prepare(labels, scores)
    aucs, cov = fast_delong(preds, m)
    return float(aucs[0]), float(np.asarray(cov).reshape(()))


def delong_roc_test(labels, baseline, candidate):
    preds, m = delong_prepare(labels, baseline, candidate)
    aucs, cov = fast_delong(preds, m)
    l = np.array([[-1.0, 1.0]])  # candidate - baseline
    var = float((l @ cov @ l.T).item())
    diff = float(aucs[1] - aucs[0])
    z = diff / np.sqrt(var)
    p = float(2 * scipy.stats.norm.sf(abs(z)))
    return float(aucs[0]), float(aucs[1]), diff, var, p


def wald(est, var, level, lo, hi):
    z = scipy.stats.norm.ppf(0.5 + level / 2)
    se = np.sqrt(var)
    return [float(max(lo, est - z * se)), float(min(hi, est + z * se))]


def delong_cases(rng):
    cases = []

    def add(name, labels, baseline, candidate):
        labels = np.asarray(labels, dtype=bool)
        baseline = np.asarray(baseline, dtype=float)
        candidate = np.asarray(candidate, dtype=float)
        auc_b, var_b = delong_roc_variance(labels, baseline)
        auc_c, var_c = delong_roc_variance(labels, candidate)
        for auc, s in ((auc_b, baseline), (auc_c, candidate)):
            assert abs(auc - roc_auc_score(labels, s)) < 1e-12, name
        _, _, diff, var_d, p = delong_roc_test(labels, baseline, candidate)
        cases.append({
            "name": name,
            "labels": labels.astype(int).tolist(),
            "baseline": baseline.tolist(),
            "candidate": candidate.tolist(),
            "auc_baseline": auc_b, "var_baseline": var_b,
            "auc_candidate": auc_c, "var_candidate": var_c,
            "ci95_baseline": wald(auc_b, var_b, 0.95, 0, 1),
            "ci90_candidate": wald(auc_c, var_c, 0.90, 0, 1),
            "diff": diff, "var_diff": var_d, "p": p,
            "ci95_diff": wald(diff, var_d, 0.95, -1, 1),
        })

    # Small, with ties inside and across classes.
    add("small_ties", [1, 0, 1, 1, 0, 0, 1, 0],
        [0.9, 0.1, 0.4, 0.4, 0.4, 0.2, 0.8, 0.7],
        [0.6, 0.3, 0.6, 0.5, 0.2, 0.6, 0.9, 0.1])
    # Binormal, continuous scores, correlated models.
    for n, d, name in ((60, 1.0, "binormal_60"), (500, 0.7, "binormal_500"), (3000, 1.2, "binormal_3000")):
        y = rng.random(n) < 0.4
        y[:2], y[2:4] = True, False
        shared = rng.normal(size=n)
        base = d * y + 0.8 * shared + 0.6 * rng.normal(size=n)
        cand = (d + 0.15) * y + 0.8 * shared + 0.6 * rng.normal(size=n)
        add(name, y, base, cand)
    # Heavily tied (scores rounded to one decimal), unbalanced.
    n = 2000
    y = rng.random(n) < 0.1
    y[:2], y[2:4] = True, False
    base = np.round(1 / (1 + np.exp(-(1.5 * y + rng.normal(size=n)))), 1)
    cand = np.round(1 / (1 + np.exp(-(1.5 * y + rng.normal(size=n)))), 1)
    add("rounded_unbalanced_2000", y, base, cand)
    return cases


# --- McNemar -----------------------------------------------------------------

def mcnemar_cases():
    # (both correct, baseline only, candidate only, both wrong)
    tables = [(10, 1, 6, 3), (50, 0, 0, 5), (40, 3, 12, 7), (30, 12, 12, 4),
              (100, 24, 0, 9), (794, 150, 86, 570), (500, 13, 12, 80),
              (300, 20, 30, 50), (1000, 60, 60, 100), (20, 25, 0, 3)]
    out = []
    for both, b, c, neither in tables:
        exact = b + c < 25
        # statsmodels' table: rows baseline correct/wrong, columns candidate correct/wrong
        r = mcnemar(np.array([[both, b], [c, neither]]), exact=exact, correction=True)
        out.append({"both": both, "b": b, "c": c, "neither": neither, "exact": exact,
                    "statistic": float(r.statistic), "p": float(r.pvalue)})
    return out


# --- paired t-test -----------------------------------------------------------

def ttest_cases(rng):
    out = []
    for n, shift in ((2, 0.3), (5, 0.1), (30, 0.02), (200, -0.01), (1000, 0.005)):
        base = rng.random(n)
        cand = np.clip(base + shift + 0.1 * rng.normal(size=n), 0, 1)
        r = scipy.stats.ttest_rel(cand, base)
        d = cand - base
        se = d.std(ddof=1) / np.sqrt(n)
        ci = []
        for level in (0.95, 0.99):
            q = scipy.stats.t.ppf(0.5 + level / 2, n - 1)
            ci.append([float(d.mean() - q * se), float(d.mean() + q * se)])
        out.append({"baseline": base.tolist(), "candidate": cand.tolist(),
                    "statistic": float(r.statistic), "p": float(r.pvalue),
                    "diff": float(d.mean()), "ci95": ci[0], "ci99": ci[1]})
    return out


# --- Benjamini-Hochberg ------------------------------------------------------

def bh_cases(rng):
    vecs = [
        [0.01, 0.04, 0.03, 0.005, 0.2],
        [0.05, 0.05, 0.05, 0.01, 0.01, 1.0, 0.0],
        rng.random(40).tolist(),
        (rng.random(100) ** 4).tolist(),
    ]
    return [{"p": v, "adjusted": multipletests(v, method="fdr_bh")[1].tolist()} for v in vecs]


def main():
    rng = np.random.default_rng(20261124)
    out = {
        "generator": "metrics/stats/testdata/gen.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__},
        "delong": delong_cases(rng),
        "mcnemar": mcnemar_cases(),
        "ttest_rel": ttest_cases(rng),
        "bh": bh_cases(rng),
    }
    with open("reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
