#!/usr/bin/python3
"""Reference vectors for the classification and regression metrics of mltest.

Run with Debian's python3 (scikit-learn 1.2.1, numpy 1.24) from this directory:

    /usr/bin/python3 gen.py

It writes binary.json, multiclass.json and regression.json next to itself:
each a list of cases with the inputs and what scikit-learn returns for them.
Floats are written by json (repr: the shortest string that round-trips), NaN
as null; a metric scikit-learn refuses is {"error": "..."}. Every random
choice comes from numpy.random.RandomState with a fixed seed.
"""

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve

assert sklearn.__version__ == "1.2.1", sklearn.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
THRESHOLD = 0.5
ECE_BINS = 15


def clean(x):
    """JSON-ready: floats as float (NaN -> None), arrays as lists."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(v) for v in x]
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    return None if np.isnan(x) else x


def call(fn, *args, **kw):
    """fn's value, or {"error": message}, plus any warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn(*args, **kw)
        except Exception as e:  # scikit-learn refuses the input
            value = {"error": "%s: %s" % (type(e).__name__, e)}
    msgs = sorted({str(w.message) for w in caught})
    return value, msgs


def ece(y, p, w, n_bins):
    """Expected calibration error over calibration_curve's uniform bins."""
    if p.min() < 0 or p.max() > 1:
        raise ValueError("y_prob has values outside [0, 1].")
    w = np.ones_like(p) if w is None else w
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(bins[1:-1], p)  # as calibration_curve in 1.2.1
    W = np.bincount(ids, weights=w, minlength=n_bins)
    WY = np.bincount(ids, weights=w * y, minlength=n_bins)
    WP = np.bincount(ids, weights=w * p, minlength=n_bins)
    total = W.sum()
    if total == 0:
        raise ZeroDivisionError("total weight is zero")
    nz = W > 0
    return float(np.sum(W[nz] / total * np.abs(WY[nz] / W[nz] - WP[nz] / W[nz])))


def weighted_calibration_curve(y, p, w, n_bins):
    """calibration_curve generalised to weights; equals it for w=None."""
    if w is None:
        return calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(bins[1:-1], p)
    W = np.bincount(ids, weights=w, minlength=n_bins)
    WY = np.bincount(ids, weights=w * y, minlength=n_bins)
    WP = np.bincount(ids, weights=w * p, minlength=n_bins)
    nz = W > 0
    return WY[nz] / W[nz], WP[nz] / W[nz]


def binary_case(name, y, s, w=None):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    w = None if w is None else np.asarray(w, dtype=float)
    pred = (s >= THRESHOLD).astype(int)
    out, warns = {}, {}

    def put(key, fn, *a, **kw):
        v, m = call(fn, *a, **kw)
        out[key] = v
        if m:
            warns[key] = m

    put("roc_auc", skm.roc_auc_score, y, s, sample_weight=w)
    put("average_precision", skm.average_precision_score, y, s, sample_weight=w)
    put("log_loss", skm.log_loss, y, s, sample_weight=w)
    put("brier", skm.brier_score_loss, y, s, sample_weight=w)
    put("accuracy", skm.accuracy_score, y, pred, sample_weight=w)
    put("precision", skm.precision_score, y, pred, sample_weight=w)
    put("recall", skm.recall_score, y, pred, sample_weight=w)
    put("f1", skm.f1_score, y, pred, sample_weight=w)
    put("mcc", skm.matthews_corrcoef, y, pred, sample_weight=w)
    put("ece", ece, y, s, w, ECE_BINS)
    put("roc_curve", skm.roc_curve, y, s, sample_weight=w)
    put("pr_curve", skm.precision_recall_curve, y, s, sample_weight=w)
    put("calibration_curve", weighted_calibration_curve, y, s, w, ECE_BINS)
    cm = skm.confusion_matrix(y, pred, sample_weight=w, labels=[0, 1])
    out["confusion"] = {"tn": cm[0, 0], "fp": cm[0, 1], "fn": cm[1, 0], "tp": cm[1, 1]}
    return clean({
        "name": name, "labels": y, "scores": s,
        "weights": None if w is None else w,
        "threshold": THRESHOLD, "bins": ECE_BINS,
        "expected": out, "warnings": warns,
    })


def binary_cases():
    rs = np.random.RandomState(20260124)
    cases = []
    for n in (10, 100, 1000):
        s = rs.uniform(size=n)
        y = (rs.uniform(size=n) < s).astype(int)
        cases.append(binary_case("random_n%d" % n, y, s))
        w = rs.uniform(0, 3, size=n)
        w[rs.uniform(size=n) < 0.2] = 0
        cases.append(binary_case("random_weighted_n%d" % n, y, s, w))
    for n in (40, 500):
        s = np.round(rs.uniform(size=n), 1)
        y = (rs.uniform(size=n) < s).astype(int)
        cases.append(binary_case("ties_n%d" % n, y, s))
        w = rs.randint(0, 4, size=n).astype(float)
        cases.append(binary_case("ties_weighted_n%d" % n, y, s, w))
    # every score on or near a bin edge of 15 bins, in both directions
    edges = np.linspace(0, 1, 16)
    s = np.concatenate([edges, np.nextafter(edges, 2), np.nextafter(edges, -1)])
    s = np.clip(s, 0, 1)
    y = (np.arange(len(s)) % 3 == 0).astype(int)
    cases.append(binary_case("bin_edges", y, s))
    s = rs.uniform(size=30)
    cases.append(binary_case("only_positives", np.ones(30, int), s))
    cases.append(binary_case("only_negatives", np.zeros(30, int), s))
    cases.append(binary_case("only_negatives_weighted", np.zeros(30, int), s, rs.uniform(size=30)))
    y = np.array([0] * 10 + [1] * 10)
    s = np.linspace(0.05, 0.95, 20)
    cases.append(binary_case("perfect", y, s))
    cases.append(binary_case("reversed", y, s[::-1]))
    cases.append(binary_case("all_tied", y, np.full(20, 0.5)))
    y = rs.randint(0, 2, size=60)
    s = rs.uniform(size=60)
    s[:20] = y[:20]            # confidently right: 0 and 1
    s[20:30] = 1 - y[20:30]    # confidently wrong: 0 and 1
    cases.append(binary_case("extreme_probabilities", y, s))
    cases.append(binary_case("extreme_probabilities_weighted", y, s, rs.uniform(0, 2, size=60)))
    s = rs.normal(size=80) * 3
    y = (rs.uniform(size=80) < 1 / (1 + np.exp(-s))).astype(int)
    cases.append(binary_case("logits", y, s))
    w = rs.uniform(size=50)
    y = rs.randint(0, 2, size=50)
    w[y == 1] = 0
    cases.append(binary_case("positives_zero_weight", y, rs.uniform(size=50), w))
    cases.append(binary_case("hand_auc_075", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))
    return cases


def lcg_rows(n, seed, ties):
    """Rows both gen.py and the Go test derive from a 64-bit LCG (Knuth's
    MMIX constants), so large cases need no stored inputs: per row two steps
    x1, x2; score = (x1 >> 11) * 2**-53 (floored to hundredths when ties);
    label = (x2 >> 11) * 2**-53 < score; weight = ((x2 >> 3) & 15) / 4."""
    x = seed
    y, s, w = [], [], []
    for _ in range(n):
        x = (6364136223846793005 * x + 1442695040888963407) % 2**64
        score = (x >> 11) * 2.0**-53
        if ties:
            score = np.floor(score * 100) / 100
        x = (6364136223846793005 * x + 1442695040888963407) % 2**64
        y.append(int((x >> 11) * 2.0**-53 < score))
        s.append(score)
        w.append(((x >> 3) & 15) / 4)
    return np.array(y), np.array(s), np.array(w)


def large_binary_cases():
    """Expected values only: the inputs are regenerated by lcg_rows."""
    cases = []
    for n, seed, ties in ((200000, 1, False), (200000, 2, True), (50000, 3, False)):
        y, s, w = lcg_rows(n, seed, ties)
        for weighted in (False, True):
            c = binary_case("lcg", y, s, w if weighted else None)
            e = c["expected"]
            cases.append({
                "name": "lcg_n%d_seed%d%s%s" % (n, seed, "_ties" if ties else "",
                                                "_weighted" if weighted else ""),
                "n": n, "seed": seed, "ties": ties, "weighted": weighted,
                "threshold": THRESHOLD, "bins": ECE_BINS,
                "expected": {k: e[k] for k in (
                    "roc_auc", "average_precision", "log_loss", "brier", "accuracy",
                    "precision", "recall", "f1", "mcc", "ece")},
            })
    return cases


def multiclass_case(name, y, P, w=None, ks=(1, 2, 3)):
    y = np.asarray(y, dtype=int)
    P = np.asarray(P, dtype=float)
    w = None if w is None else np.asarray(w, dtype=float)
    K = P.shape[1]
    pred = P.argmax(axis=1)
    out, warns = {}, {}

    def put(key, fn, *a, **kw):
        v, m = call(fn, *a, **kw)
        out[key] = v
        if m:
            warns[key] = m

    put("accuracy", skm.accuracy_score, y, pred, sample_weight=w)
    put("log_loss", skm.log_loss, y, P, sample_weight=w, labels=list(range(K)))
    for avg in ("macro", "micro", "weighted"):
        put(avg + "_f1", skm.f1_score, y, pred, average=avg, sample_weight=w)
    # scikit-learn takes a 1-d score for two classes (a 2-column one raises);
    # mltest's K = 2 rules reduce to these when no score is exactly 0.5.
    S = P[:, 1] if K == 2 else P
    for k in ks:
        put("top_%d_accuracy" % k, skm.top_k_accuracy_score, y, S, k=k,
            sample_weight=w, labels=list(range(K)))
    if K == 2:
        put("roc_auc_ovr", skm.roc_auc_score, y, S, sample_weight=w)
    else:
        put("roc_auc_ovr", skm.roc_auc_score, y, P, multi_class="ovr",
            average="macro", sample_weight=w)
    return clean({"name": name, "classes": K, "labels": y, "probs": P,
                  "weights": None if w is None else w,
                  "expected": out, "warnings": warns})


def multiclass_cases():
    rs = np.random.RandomState(20260125)
    cases = []
    for K, n in ((3, 30), (4, 300), (5, 1000)):
        P = rs.dirichlet(np.ones(K), size=n)
        y = np.array([rs.choice(K, p=p) for p in P])
        y[:K] = np.arange(K)  # every class present
        cases.append(multiclass_case("random_k%d_n%d" % (K, n), y, P))
        w = rs.uniform(0, 2, size=n)
        w[rs.uniform(size=n) < 0.2] = 0
        cases.append(multiclass_case("random_weighted_k%d_n%d" % (K, n), y, P, w))
    P = rs.dirichlet(np.ones(2), size=200)
    y = (rs.uniform(size=200) < P[:, 1]).astype(int)
    cases.append(multiclass_case("random_k2_n200", y, P))
    cases.append(multiclass_case("random_weighted_k2_n200", y, P, rs.uniform(0, 2, size=200)))
    # heavy ties: probabilities in tenths, sums exactly one in tenths
    P = rs.multinomial(10, [0.25, 0.25, 0.25, 0.25], size=400) / 10.0
    y = np.array([rs.choice(4, p=p) for p in P])
    y[:4] = np.arange(4)
    cases.append(multiclass_case("ties_k4", y, P))
    cases.append(multiclass_case("ties_weighted_k4", y, P, rs.randint(0, 4, size=400)))
    P = np.eye(3)[rs.randint(0, 3, size=40)]
    y = P.argmax(axis=1)
    y[:3] = [0, 1, 2]
    y[3:8] = (y[3:8] + 1) % 3  # a few confidently wrong: probability 0
    cases.append(multiclass_case("extreme_probabilities_k3", y, P))
    P = rs.dirichlet(np.ones(3), size=20)
    y = rs.randint(0, 2, size=20)
    y[:2] = [0, 1]
    cases.append(multiclass_case("missing_class_k3", y, P))
    P = rs.uniform(size=(20, 3))
    y = rs.randint(0, 3, size=20)
    y[:3] = [0, 1, 2]
    cases.append(multiclass_case("not_probabilities_k3", y, P))
    return cases


def regression_case(name, y, p, w=None):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    w = None if w is None else np.asarray(w, dtype=float)
    out = {}
    out["mse"], _ = call(skm.mean_squared_error, y, p, sample_weight=w)
    out["rmse"], _ = call(skm.mean_squared_error, y, p, sample_weight=w, squared=False)
    out["mae"], _ = call(skm.mean_absolute_error, y, p, sample_weight=w)
    out["r2"], _ = call(skm.r2_score, y, p, sample_weight=w)
    out["mape"], _ = call(skm.mean_absolute_percentage_error, y, p, sample_weight=w)
    out["explained_variance"], _ = call(skm.explained_variance_score, y, p, sample_weight=w)
    return clean({"name": name, "targets": y, "predictions": p,
                  "weights": None if w is None else w, "expected": out})


def regression_cases():
    rs = np.random.RandomState(20260126)
    cases = []
    for n in (10, 100, 1000):
        y = rs.normal(3, 2, size=n)
        p = y + rs.normal(0, 1, size=n)
        cases.append(regression_case("random_n%d" % n, y, p))
        w = rs.uniform(0, 3, size=n)
        w[rs.uniform(size=n) < 0.2] = 0
        cases.append(regression_case("random_weighted_n%d" % n, y, p, w))
    y = rs.normal(1e6, 1, size=200)
    cases.append(regression_case("large_offset", y, y + rs.normal(0, 0.5, size=200)))
    y = np.full(20, 2.5)
    cases.append(regression_case("constant_target", y, y + rs.normal(size=20)))
    cases.append(regression_case("constant_target_perfect", y, y.copy()))
    y = rs.normal(size=30)
    cases.append(regression_case("perfect", y, y.copy()))
    y = rs.normal(size=30)
    y[::5] = 0
    cases.append(regression_case("zero_targets", y, y + rs.normal(0, 0.1, size=30)))
    y = rs.normal(size=25)
    cases.append(regression_case("worse_than_mean", y, -3 * y, rs.randint(0, 3, size=25)))
    return cases


def write(name, cases):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes,", len(cases), "cases")


if __name__ == "__main__":
    write("binary.json", binary_cases())
    write("binary_large.json", large_binary_cases())
    write("multiclass.json", multiclass_cases())
    write("regression.json", regression_cases())
