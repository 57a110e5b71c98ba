#!/usr/bin/python3
"""Reference values for cmd/mltest/compare_test.go, from scikit-learn 1.2,
scipy, statsmodels and trec_eval, on the example inputs of this directory.

Run from this directory:  TREC_EVAL=/path/to/trec_eval /usr/bin/python3 reference.py > reference.json

DeLong's test is written here from DeLong, DeLong & Clarke-Pearson (1988)
with the O(m n) structural components (not the mid-rank algorithm mltest
uses); McNemar's test is statsmodels' (exact binomial below 25 discordant
pairs, else chi-square with continuity correction).
"""
import json
import os
import subprocess

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.metrics import accuracy_score, f1_score, log_loss, roc_auc_score
from statsmodels.stats.contingency_tables import mcnemar


def delong_components(y, s):
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    return psi.mean(axis=1), psi.mean(axis=0)  # V10 per positive, V01 per negative


def delong_test(y, b, c):
    v10b, v01b = delong_components(y, b)
    v10c, v01c = delong_components(y, c)
    m, n = len(v10b), len(v01b)
    s10 = np.cov(np.vstack([v10b, v10c]))
    s01 = np.cov(np.vstack([v01b, v01c]))
    s = s10 / m + s01 / n
    diff = v10c.mean() - v10b.mean()
    var = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    z = diff / np.sqrt(var)
    half = norm.ppf(0.975) * np.sqrt(var)
    return {"diff": diff, "p": 2 * norm.sf(abs(z)), "ci": [diff - half, diff + half]}


def mcnemar_test(y, b, c):
    bc = (b >= 0.5) == (y == 1)
    cc = (c >= 0.5) == (y == 1)
    table = [[np.sum(bc & cc), np.sum(bc & ~cc)], [np.sum(~bc & cc), np.sum(~bc & ~cc)]]
    d = table[0][1] + table[1][0]
    r = mcnemar(table, exact=d < 25, correction=True)
    return {"diff": float(cc.mean() - bc.mean()), "p": float(r.pvalue)}


def binary(candidate):
    base = pd.read_csv("baseline.csv")
    cand = pd.read_csv(candidate).set_index("id").loc[base["id"]].reset_index()
    assert (cand["label"].values == base["label"].values).all()
    out = {}
    groups = [("", base.index)] + [(k, g.index) for k, g in base.groupby("device")]
    for key, idx in groups:
        y = base.loc[idx, "label"].values
        b = base.loc[idx, "score"].values
        c = cand.loc[idx, "score"].values
        r = {}
        for name, f in [("roc_auc", roc_auc_score), ("log_loss", lambda y, s: log_loss(y, s, labels=[0, 1])),
                        ("brier", lambda y, s: float(np.mean((s - y) ** 2))),
                        ("accuracy", lambda y, s: accuracy_score(y, s >= 0.5)),
                        ("f1", lambda y, s: f1_score(y, s >= 0.5))]:
            r[name] = {"baseline": float(f(y, b)), "candidate": float(f(y, c))}
        r["roc_auc"].update(delong_test(y, b, c))
        r["accuracy"].update(mcnemar_test(y, b, c))
        out[key] = r
    return out


def trec_per_query(run):
    exe = os.environ["TREC_EVAL"]
    text = subprocess.run([exe, "-q", "-m", "map", "-m", "ndcg_cut.10", "qrels.txt", run],
                          check=True, capture_output=True, text=True).stdout
    vals = {}
    for line in text.splitlines():
        name, qid, v = line.split()
        if qid != "all":
            vals.setdefault(name, {})[qid] = float(v)
    return vals


print(json.dumps({
    "binary_ok": binary("candidate_ok.csv"),
    "binary_worse": binary("candidate_worse.csv"),
    "ranking": {"baseline": trec_per_query("baseline.run"), "candidate": trec_per_query("candidate.run")},
}, indent=1, sort_keys=True))
