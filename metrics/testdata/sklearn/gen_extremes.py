#!/usr/bin/python3
"""Extreme cases for the metrics of mltest: exact values and scikit-learn's.

Run with Debian's python3 (scikit-learn 1.2.1, numpy 1.24) from this directory:

    /usr/bin/python3 gen_extremes.py

It writes extremes.json: seeded random inputs at the edges (weights from
1e-300 to 1e300, zeros among them, tiny n, ties, one class, constant targets,
scores outside [0, 1], residuals near 1e200) and, for every metric, two
answers:

- "exact": the metric of the float64 inputs (regression: of the float64
  residuals y - p) in rational arithmetic
  (fractions.Fraction; square roots in 60-digit decimals), with mltest's
  conventions, rounded once to float64; {"undefined": why} where it has no
  value, {"undefined": "overflow"} where the exact value is beyond float64.
  Log losses are exact weighted means of the float64 per-row losses.
- "sklearn": what scikit-learn 1.2.1 returns (null for NaN, {"error": ...}
  when it raises), with its warnings.

The exact evaluator is checked against scikit-learn here, on every case whose
weights lie in [1e-3, 1e3] and whose scores are probabilities: a mismatch
aborts the script, so the two references vouch for each other where
scikit-learn's float64 arithmetic is sound. The Go test holds mltest to the
exact values on every case; "sklearn_wrong" lists the metrics where
scikit-learn's answer is more than 1e-9 away from the exact defined value.
"""

import json
import math
import os
import warnings
from decimal import Decimal, getcontext
from fractions import Fraction as F

import numpy as np
import sklearn
from sklearn import metrics as skm

assert sklearn.__version__ == "1.2.1", sklearn.__version__
getcontext().prec = 60

HERE = os.path.dirname(os.path.abspath(__file__))
THRESHOLD = 0.5
BINS = 15
EPS = 2.220446049250313e-16


def exact_float(x):
    """A Fraction rounded once to float64, or the overflow marker."""
    try:
        return {"value": float(x)}
    except OverflowError:
        return {"undefined": "overflow"}


def sqrt_fraction(x):
    """sqrt of a non-negative Fraction, correctly rounded to float64 (via
    60-digit decimals), or the overflow marker."""
    d = Decimal(x.numerator) / Decimal(x.denominator)
    r = d.sqrt()
    v = float(r)
    if math.isinf(v):
        return {"undefined": "overflow"}
    return {"value": v}


def undefined(why):
    return {"undefined": why}


def fr(xs):
    return [F(float(x)) for x in xs]


def weights_of(w, n):
    return [F(1)] * n if w is None else fr(w)


# --- binary -------------------------------------------------------------

def exact_binary(y, s, w):
    n = len(y)
    W = weights_of(w, n)
    S = fr(s)
    pos = [i for i in range(n) if y[i] == 1]
    neg = [i for i in range(n) if y[i] == 0]
    P, N = sum((W[i] for i in pos), F(0)), sum((W[i] for i in neg), F(0))
    total = P + N
    out = {}
    # roc_auc: pairs, ties one half.
    if not pos or not neg:
        out["roc_auc"] = undefined("one class")
    elif P == 0 or N == 0:
        out["roc_auc"] = undefined("zero class weight")
    else:
        area = sum((W[i] * W[j] * (1 if S[i] > S[j] else F(1, 2) if S[i] == S[j] else 0)
                    for i in pos for j in neg), F(0))
        out["roc_auc"] = exact_float(area / (P * N))
    # average precision: distinct scores from high to low.
    if total == 0:
        out["average_precision"] = undefined("zero weight")
    elif P == 0:
        out["average_precision"] = undefined("no positive weight")
    else:
        ap, tp, fp = F(0), F(0), F(0)
        for t in sorted(set(S), reverse=True):
            g = [i for i in range(n) if S[i] == t]
            tpg = sum((W[i] for i in g if y[i] == 1), F(0))
            tp += tpg
            fp += sum((W[i] for i in g if y[i] == 0), F(0))
            if tpg:
                ap += tpg * tp / (tp + fp)
        out["average_precision"] = exact_float(ap / P)
    # log_loss: exact weighted mean of the float64 per-row losses.
    if not pos or not neg:
        out["log_loss"] = undefined("one class")
    elif total == 0:
        out["log_loss"] = undefined("zero weight")
    else:
        def row_loss(yi, si):
            p = min(max(si, EPS), 1 - EPS)
            q = 1 - p
            return -math.log(p / (q + p)) if yi else -math.log(q / (q + p))
        out["log_loss"] = exact_float(sum((W[i] * F(row_loss(y[i], float(s[i]))) for i in range(n)), F(0)) / total)
    probs = all(0 <= x <= 1 for x in S)
    if not probs:
        out["brier"] = out["ece"] = undefined("score outside [0, 1]")
    elif total == 0:
        out["brier"] = out["ece"] = undefined("zero weight")
    else:
        out["brier"] = exact_float(sum((W[i] * (y[i] - S[i]) ** 2 for i in range(n)), F(0)) / total)
        edges = np.linspace(0.0, 1.0, BINS + 1)[1:-1]
        ids = np.searchsorted(edges, np.asarray(s, dtype=float))
        ece = F(0)
        for b in range(BINS):
            rows = [i for i in range(n) if ids[i] == b]
            ece += abs(sum((W[i] * (y[i] - S[i]) for i in rows), F(0)))
        out["ece"] = exact_float(ece / total)
    tp = sum((W[i] for i in pos if s[i] >= THRESHOLD), F(0))
    fn = P - tp
    fp = sum((W[i] for i in neg if s[i] >= THRESHOLD), F(0))
    tn = N - fp
    out["accuracy"] = undefined("zero weight") if total == 0 else exact_float((tp + tn) / total)
    out["precision"] = undefined("nothing predicted positive") if tp + fp == 0 else exact_float(tp / (tp + fp))
    out["recall"] = undefined("no positive weight") if tp + fn == 0 else exact_float(tp / (tp + fn))
    out["f1"] = undefined("no positives") if tp + fp + fn == 0 else exact_float(2 * tp / (2 * tp + fp + fn))
    den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    if den == 0:
        out["mcc"] = {"value": 0.0}
    else:
        num = tp * tn - fp * fn
        r = sqrt_fraction(num * num / den)
        out["mcc"] = {"value": math.copysign(r["value"], 1 if num > 0 else -1) if num else 0.0}
    return out


def sklearn_binary(y, s, w):
    pred = (np.asarray(s) >= THRESHOLD).astype(int)
    out = {}
    for name, fn, arg in (("roc_auc", skm.roc_auc_score, s), ("average_precision", skm.average_precision_score, s),
                          ("log_loss", skm.log_loss, s), ("brier", skm.brier_score_loss, s),
                          ("accuracy", skm.accuracy_score, pred), ("precision", skm.precision_score, pred),
                          ("recall", skm.recall_score, pred), ("f1", skm.f1_score, pred),
                          ("mcc", skm.matthews_corrcoef, pred)):
        out[name] = call(fn, y, arg, sample_weight=w)
    return out


# --- multiclass ---------------------------------------------------------

def argmax_lowest(row):
    best = 0
    for c, p in enumerate(row):
        if p > row[best]:
            best = c
    return best


def exact_multiclass(y, P, w, k=2):
    n, K = len(y), len(P[0])
    W = weights_of(w, n)
    total = sum(W, F(0))
    pred = [argmax_lowest(r) for r in P]
    out = {}
    out["accuracy"] = undefined("zero weight") if total == 0 else exact_float(
        sum((W[i] for i in range(n) if pred[i] == y[i]), F(0)) / total)
    def in_top(i):
        py = P[i][y[i]]
        return sum(1 for c in range(K) if P[i][c] > py or (P[i][c] == py and c > y[i])) < k
    out["top_k_accuracy"] = undefined("zero weight") if total == 0 else exact_float(
        sum((W[i] for i in range(n) if in_top(i)), F(0)) / total)
    def row_loss(i):
        clipped = [min(max(p, EPS), 1 - EPS) for p in P[i]]
        sm = 0.0
        for p in clipped:
            sm += p
        return -math.log(clipped[y[i]] / sm)
    out["log_loss"] = undefined("zero weight") if total == 0 else exact_float(
        sum((W[i] * F(row_loss(i)) for i in range(n)), F(0)) / total)
    present = sorted(set(y) | set(pred))
    tp = {c: sum((W[i] for i in range(n) if y[i] == c and pred[i] == c), F(0)) for c in present}
    ps = {c: sum((W[i] for i in range(n) if pred[i] == c), F(0)) for c in present}
    ts = {c: sum((W[i] for i in range(n) if y[i] == c), F(0)) for c in present}
    def f1(t, p, r):
        prec = t / p if p else F(0)
        rec = t / r if r else F(0)
        return 2 * prec * rec / (prec + rec) if prec + rec else F(0)
    if total == 0:
        for name in ("macro_f1", "micro_f1", "weighted_f1"):
            out[name] = undefined("zero weight")
    else:
        out["macro_f1"] = exact_float(sum((f1(tp[c], ps[c], ts[c]) for c in present), F(0)) / len(present))
        out["micro_f1"] = exact_float(f1(sum(tp.values()), sum(ps.values()), sum(ts.values())))
        sup = sum(ts.values())
        out["weighted_f1"] = exact_float(sum((ts[c] * f1(tp[c], ps[c], ts[c]) for c in present), F(0)) / sup)
    if not all(abs(1 - sum(r)) <= 1e-8 + 1e-5 * abs(sum(r)) for r in P):
        out["roc_auc_ovr"] = undefined("scores not summing to 1")
    else:
        aucs = []
        for c in range(K):
            labels = [1 if y[i] == c else 0 for i in range(n)]
            r = exact_binary(labels, [P[i][c] for i in range(n)], w)["roc_auc"]
            if "undefined" in r:
                aucs = None
                out["roc_auc_ovr"] = r
                break
            aucs.append(F(r["value"]))  # each class's AUC rounded, as mltest sums them
        if aucs is not None:
            out["roc_auc_ovr"] = exact_float(sum(aucs, F(0)) / K)
    return out


def sklearn_multiclass(y, P, w):
    P = np.asarray(P)
    pred = P.argmax(axis=1)
    labels = list(range(P.shape[1]))
    out = {"accuracy": call(skm.accuracy_score, y, pred, sample_weight=w),
           "log_loss": call(skm.log_loss, y, P, sample_weight=w, labels=labels),
           "macro_f1": call(skm.f1_score, y, pred, average="macro", sample_weight=w),
           "micro_f1": call(skm.f1_score, y, pred, average="micro", sample_weight=w),
           "weighted_f1": call(skm.f1_score, y, pred, average="weighted", sample_weight=w),
           "top_k_accuracy": call(skm.top_k_accuracy_score, y, P, k=2, labels=labels, sample_weight=w),
           "roc_auc_ovr": call(skm.roc_auc_score, y, P, multi_class="ovr", labels=labels, sample_weight=w)}
    return out


# --- regression ---------------------------------------------------------

def exact_regression(y, p, w):
    n = len(y)
    W = weights_of(w, n)
    Y = fr(y)
    # Residuals are the float64 differences y - p, as scikit-learn and mltest
    # compute them; the rest is exact.
    D = [F(float(y[i]) - float(p[i])) for i in range(n)]
    total = sum(W, F(0))
    out = {}
    if total == 0:
        return {m: undefined("zero weight") for m in ("mse", "rmse", "mae", "mape", "r2", "explained_variance")}
    mse = sum((W[i] * D[i] ** 2 for i in range(n)), F(0)) / total
    out["mse"] = exact_float(mse)
    out["rmse"] = sqrt_fraction(mse)
    out["mae"] = exact_float(sum((W[i] * abs(D[i]) for i in range(n)), F(0)) / total)
    out["mape"] = exact_float(sum((W[i] * abs(D[i]) / max(abs(Y[i]), F(EPS)) for i in range(n)), F(0)) / total)
    def var(X):
        m = sum((W[i] * X[i] for i in range(n)), F(0)) / total
        return sum((W[i] * (X[i] - m) ** 2 for i in range(n)), F(0)) / total
    def score(num, den):
        if num == 0:
            return {"value": 1.0}
        if den == 0:
            return {"value": 0.0}
        return exact_float(1 - num / den)
    if n < 2:
        out["r2"] = out["explained_variance"] = undefined("fewer than two rows")
    else:
        out["r2"] = score(mse, var(Y))
        out["explained_variance"] = score(var(D), var(Y))
    return out


def sklearn_regression(y, p, w):
    return {"mse": call(skm.mean_squared_error, y, p, sample_weight=w),
            "rmse": call(skm.mean_squared_error, y, p, sample_weight=w, squared=False),
            "mae": call(skm.mean_absolute_error, y, p, sample_weight=w),
            "mape": call(skm.mean_absolute_percentage_error, y, p, sample_weight=w),
            "r2": call(skm.r2_score, y, p, sample_weight=w),
            "explained_variance": call(skm.explained_variance_score, y, p, sample_weight=w)}


# --- cases --------------------------------------------------------------

def call(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(all="ignore"):
                v = float(fn(*args, **kw))
            v = None if math.isnan(v) else v if not math.isinf(v) else str(v)
        except Exception as e:
            v = {"error": "%s: %s" % (type(e).__name__, e)}
    msgs = sorted({str(w.message)[:120] for w in caught})
    return {"value": v, "warnings": msgs} if msgs else {"value": v}


def draw_weights(rs, mode, n):
    if mode == "none":
        return None
    if mode == "log_uniform":
        return 10.0 ** rs.uniform(-300, 300, size=n)
    if mode == "tiny":
        return rs.uniform(0.5, 2, size=n) * 1e-300
    if mode == "huge":
        return rs.uniform(0.5, 2, size=n) * 1e300
    if mode == "two_scales":
        return np.where(rs.uniform(size=n) < 0.5, 1e-200, 1e200) * rs.randint(1, 4, size=n)
    if mode == "with_zeros":
        w = 10.0 ** rs.uniform(-100, 100, size=n)
        w[rs.uniform(size=n) < 0.3] = 0
        return w
    if mode == "all_zero":
        return np.zeros(n)
    return rs.randint(1, 4, size=n).astype(float)  # "small_integers"


WEIGHT_MODES = ("none", "log_uniform", "tiny", "huge", "two_scales", "with_zeros", "small_integers")


def ordinary(w, probs=True):
    return bool(probs and (w is None or (np.all(w >= 1e-3) and np.all(w <= 1e3))))


def check_agree(case, exact, sk):
    """The exact evaluator must match scikit-learn on ordinary inputs; the
    metrics where scikit-learn is wrong elsewhere are recorded."""
    wrong = []
    for m, e in exact.items():
        if m not in sk or "value" not in e:
            continue
        v = sk[m]["value"]
        if isinstance(v, dict) or (isinstance(v, str) and not case["ordinary"]):
            continue  # scikit-learn raises, or says inf: mltest's conventions decide
        if not isinstance(v, float) or abs(v - e["value"]) > 1e-9 * max(1, abs(e["value"])):
            if case["ordinary"]:
                raise SystemExit("exact %s disagrees with scikit-learn on %s: %r vs %r" % (m, case["name"], e, v))
            wrong.append(m)
    return wrong


def add(cases, case, exact, sk):
    case["exact"], case["sklearn"] = exact, sk
    case["sklearn_wrong"] = check_agree(case, exact, sk)
    cases.append(case)


def binary_cases(rs):
    cases = []
    hand = [("mcc_1e100", [0, 1, 0], [0.2, 0.8, 0.9], [1e100] * 3),
            ("auc_1e-200", [0, 1], [0.2, 0.8], [1e-200] * 2),
            ("auc_1e155", [0, 1], [0.2, 0.8], [1e155] * 2),
            ("logit", [0, 1, 0, 1], [0.2, 1.3, 0.4, 0.9], None),
            ("one_row", [1], [0.7], None)]
    for name, y, s, w in hand:
        w = None if w is None else np.array(w)
        add(cases, {"name": name, "labels": y, "scores": s, "weights": None if w is None else list(w),
                    "ordinary": False}, exact_binary(y, s, w), sklearn_binary(np.array(y), np.array(s), w))
    for k in range(140):
        n = int(rs.choice([1, 2, 3, 4, 5, 8, 13]))
        mode = WEIGHT_MODES[k % len(WEIGHT_MODES)]
        w = draw_weights(rs, mode, n)
        kind = ("uniform", "grid", "logits", "constant")[(k // len(WEIGHT_MODES)) % 4]
        s = {"uniform": rs.uniform(size=n), "grid": rs.randint(0, 5, size=n) / 4.0,
             "logits": rs.normal(size=n) * 3, "constant": np.full(n, 0.5)}[kind]
        y = rs.randint(0, 2, size=n) if k % 5 else np.full(n, k % 2)
        case = {"name": "binary_%d_%s_%s" % (k, mode, kind), "labels": [int(v) for v in y],
                "scores": [float(v) for v in s], "weights": None if w is None else [float(v) for v in w],
                "ordinary": ordinary(w, kind != "logits")}
        add(cases, case, exact_binary(list(y), list(s), w), sklearn_binary(y, s, w))
    return cases


def multiclass_cases(rs):
    cases = []
    P = [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]
    for name, w in (("ovr_1e-200", [1e-200] * 4), ("ovr_1e200", [1e200] * 4), ("two_scales", [1e-200, 1e200, 1e-200, 1e200])):
        y = [0, 1, 2, 0]
        add(cases, {"name": name, "labels": y, "probs": P, "weights": w, "ordinary": False},
            exact_multiclass(y, P, np.array(w)), sklearn_multiclass(np.array(y), np.array(P), np.array(w)))
    for k in range(70):
        n = int(rs.choice([1, 2, 3, 4, 6, 9]))
        mode = WEIGHT_MODES[k % len(WEIGHT_MODES)]
        w = draw_weights(rs, mode, n)
        P = rs.dirichlet([1, 1, 1], size=n)
        if k % 3 == 0:
            P = np.round(P * 4) / 4  # ties
            P[:, 2] = 1 - P[:, 0] - P[:, 1]
        if k % 11 == 5:
            P[0] = P[0] * 1.5  # a row not summing to 1
        y = rs.randint(0, 3, size=n) if k % 4 else np.arange(n) % 3
        case = {"name": "multiclass_%d_%s" % (k, mode), "labels": [int(v) for v in y],
                "probs": [[float(x) for x in r] for r in P], "weights": None if w is None else [float(v) for v in w],
                "ordinary": ordinary(w)}
        add(cases, case, exact_multiclass(list(y), case["probs"], w), sklearn_multiclass(y, P, w))
    return cases


def regression_cases(rs):
    cases = []
    hand = [("r2_weight_1e16", [1, 2], [1.5, 2], [1, 1e16]),
            ("r2_weight_1e-12", [1, 0], [0.5, 0], [1e-12, 1]),
            ("mae_1e200", [1, 2], [1e200, 3], None),
            ("one_row", [1], [2], None),
            # np.average of the constant target is not the target: scikit-learn's
            # denominator is ~1e-33 and its R² -1.1e30; the exact R² is 0.
            ("constant_target_uneven_weights", [0.6000000000000001] * 2, [0.7184964607374082, 0.7139677949709069],
             [2.5417552163523762, 1.870691090357917])]
    for name, y, p, w in hand:
        w = None if w is None else np.array(w, dtype=float)
        add(cases, {"name": name, "targets": y, "predictions": p, "weights": None if w is None else list(w),
                    "ordinary": False}, exact_regression(y, p, w), sklearn_regression(np.array(y, float), np.array(p, float), w))
    for k in range(100):
        n = int(rs.choice([1, 2, 3, 4, 6, 10]))
        mode = WEIGHT_MODES[k % len(WEIGHT_MODES)]
        w = draw_weights(rs, mode, n)
        kind = ("normal", "offset", "large", "constant", "overflow")[(k // len(WEIGHT_MODES)) % 5]
        y = rs.normal(size=n)
        if kind == "offset":
            y = y + 1e6
        elif kind == "large":
            y = y * 1e150
        elif kind == "constant":
            y = np.full(n, 2.5)
        p = y + rs.normal(size=n) * {"large": 1e150, "overflow": 1e200}.get(kind, 1)
        case = {"name": "regression_%d_%s_%s" % (k, mode, kind), "targets": [float(v) for v in y],
                "predictions": [float(v) for v in p], "weights": None if w is None else [float(v) for v in w],
                "ordinary": ordinary(w) and kind in ("normal", "constant")}
        add(cases, case, exact_regression(list(y), list(p), w), sklearn_regression(y, p, w))
    return cases


def main():
    rs = np.random.RandomState(20261204)
    out = {"binary": binary_cases(rs), "multiclass": multiclass_cases(rs), "regression": regression_cases(rs)}
    with open(os.path.join(HERE, "extremes.json"), "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)
        f.write("\n")
    for task, cases in out.items():
        wrong = sum(1 for c in cases if c["sklearn_wrong"])
        print("%s: %d cases, scikit-learn wrong on %d: %s" % (task, len(cases), wrong,
              sorted({"%s:%s" % (c["name"], ",".join(c["sklearn_wrong"])) for c in cases if c["sklearn_wrong"]})[:12]))


if __name__ == "__main__":
    main()
