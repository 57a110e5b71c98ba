#!/usr/bin/python3
"""Reference vectors for metrics/ndcg_score.go from scikit-learn's ndcg_score
and dcg_score, on seeded random relevance/score matrices with ties, several k,
sample weights, all-irrelevant rows, negative relevance and bad input.

    /usr/bin/python3 metrics/testdata/ndcgscore/gen.py

Tested with Debian's scikit-learn 1.2.1 and numpy 1.24. Writes vectors.json
next to this script; floats with 17 significant digits, non-finite inputs as
the strings "NaN", "Inf", "-Inf". A case where sklearn
raises has "error" set to the exception and no expected values.
"""

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import dcg_score, ndcg_score

warnings.simplefilter("ignore")


def num(x):
    return float("%.17g" % float(x))


def evaluate(y_true, y_score, k, weights, ignore_ties):
    e = {"k": k, "weighted": weights is not None, "ignore_ties": ignore_ties}
    try:
        e["ndcg"] = num(ndcg_score(y_true, y_score, k=k, sample_weight=weights, ignore_ties=ignore_ties))
        e["dcg"] = num(dcg_score(y_true, y_score, k=k, sample_weight=weights, ignore_ties=ignore_ties))
    except Exception as ex:  # noqa: BLE001
        e["error"] = "%s: %s" % (type(ex).__name__, ex)
    return e


def case(name, y_true, scores, weights=None, evals=None):
    """One data set (y_true, named score matrices, weights) and the
    evaluations on it: (score name, k, weighted, ignore_ties)."""
    y_true = np.asarray(y_true, dtype=float)
    scores = {n: np.asarray(v, dtype=float) for n, v in scores.items()}
    if evals is None:
        evals = [(n, None, False, False) for n in scores]
    out = []
    for sname, k, weighted, ignore_ties in evals:
        e = evaluate(y_true, scores[sname], k, weights if weighted else None, ignore_ties)
        e["scores"] = sname
        out.append(e)
    return {
        "name": name,
        "y_true": jsonable(y_true),
        "scores": {n: jsonable(v) for n, v in scores.items()},
        "weights": None if weights is None else np.asarray(weights, dtype=float).tolist(),
        "evals": out,
    }


def jsonable(a):
    """Rows of floats, with non-finite values as the strings "NaN", "Inf",
    "-Inf" (JSON has no such numbers)."""
    def f(x):
        if np.isnan(x):
            return "NaN"
        if np.isinf(x):
            return "Inf" if x > 0 else "-Inf"
        return float(x)
    return [[f(x) for x in row] for row in a]


def has_ties(y_score):
    return any(len(np.unique(r)) < len(r) for r in np.asarray(y_score))


def main():
    rng = np.random.default_rng(20260124)
    cases = []

    # sklearn's docstring examples.
    t = [[10, 0, 0, 1, 5]]
    cases.append(case("doc", t, {"a": [[.1, .2, .3, 4, 70]], "b": [[.05, 1.1, 1., .5, .0]],
                                 "t": t, "ties": [[1, 0, 0, 0, 1]]},
                      evals=[("a", None, False, False), ("b", None, False, False), ("b", 4, False, False),
                             ("t", 4, False, False), ("ties", 1, False, False), ("ties", 1, False, True)]))

    shapes = [(1, 2), (3, 4), (8, 6), (20, 10), (40, 25), (12, 60)]
    for n, m in shapes:
        for kind in ["continuous", "graded", "binary"]:
            if kind == "continuous":
                y_true = rng.uniform(0, 3, size=(n, m))
            elif kind == "graded":
                y_true = rng.integers(0, 5, size=(n, m))
            else:
                y_true = rng.integers(0, 2, size=(n, m))
            if n > 2:
                y_true[0] = 0  # an all-irrelevant row scores 0
            # Scores on a coarse grid give ties; continuous ones give none.
            tied = np.round(rng.normal(size=(n, m)) * 2) / 2
            distinct = rng.normal(size=(n, m))
            weights = rng.uniform(0.1, 2, size=n)
            if n > 1:
                weights[rng.integers(n)] = 0  # a zero weight drops its row
            evals = []
            for k in [None, 1, 3, m, m + 5]:
                evals += [("tied", k, False, False), ("tied", k, True, False),
                          ("distinct", k, False, True), ("distinct", k, True, False)]
            # Ties with ignore_ties: numpy's argsort is an insertion sort,
            # hence stable, on rows of at most 16 items; the order is then
            # ties by decreasing index, which the Go side implements.
            if m <= 16 and has_ties(tied):
                evals.append(("tied", 3, False, True))
            cases.append(case("%s_%dx%d" % (kind, n, m), y_true, {"tied": tied, "distinct": distinct},
                              weights, evals))

    # Negative relevance: sklearn 1.2 warns (FutureWarning) and computes.
    cases.append(case("negative", [[-1, 2, 0.5, -3], [1, -1, 0, 2]], {"s": [[0.1, 0.4, 0.3, 0.2], [1, 1, 2, 0]]}))
    cases.append(case("all_zero", [[0, 0, 0], [0, 0, 0]], {"s": [[1, 2, 3], [3, 2, 1]]}))
    cases.append(case("all_tied", [[3, 2, 1, 0]], {"s": [[5, 5, 5, 5]]}, evals=[("s", 2, False, False)]))
    cases.append(case("neg_zero_tie", [[1, 0, 2]], {"s": [[0.0, -0.0, 1.0]]}))
    cases.append(case("zero_weights", [[1, 0], [0, 1]], {"s": [[1, 0], [1, 0]]}, [0, 0],
                      evals=[("s", None, True, False)]))

    # sklearn's errors.
    cases.append(case("one_column", [[1], [0]], {"s": [[0.5], [0.2]]}))
    cases.append(case("nan_true", [[1, float("nan")]], {"s": [[0.5, 0.2]]}))
    cases.append(case("inf_score", [[1, 0]], {"s": [[float("inf"), 0.2]]}))

    out = {
        "generator": "metrics/testdata/ndcgscore/gen.py",
        "reference": "scikit-learn %s ndcg_score/dcg_score, numpy %s" % (sklearn.__version__, np.__version__),
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w") as f:
        head = json.dumps({k: v for k, v in out.items() if k != "cases"})[:-1]
        f.write(head + ', "cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print("wrote", path, len(cases), "cases")


if __name__ == "__main__":
    main()
