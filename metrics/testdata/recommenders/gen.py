#!/usr/bin/python3
"""Reference vectors for metrics/recommend*.go from Microsoft Recommenders.

Runs Recommenders' own python_evaluation functions (catalog_coverage,
distributional_coverage, novelty, diversity, serendipity and the co-occurrence
similarity table) on seeded random train/reco data with a popularity skew and
on edge cases, and writes vectors.json next to this script.

Recommenders is not part of mltest; point RECOMMENDERS_SRC at the directory
that holds the `recommenders` package (e.g. a clone's root):

    RECOMMENDERS_SRC=/tmp/reco /usr/bin/python3 metrics/testdata/recommenders/gen.py

Tested with Recommenders 1.2.1, pandas 1.5, numpy 1.24 (Debian's python3).
Floats are written with 17 significant digits; NaN (an undefined mean) is
written as null.
"""

import json
import math
import os
import sys
import warnings

src = os.environ.get("RECOMMENDERS_SRC")
if not src:
    sys.exit("gen.py: set RECOMMENDERS_SRC to the directory holding the recommenders package")
sys.path.insert(0, src)
warnings.simplefilter("ignore")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import recommenders  # noqa: E402
import recommenders.evaluation.python_evaluation as pe  # noqa: E402

MEASURES = {
    "catalog_coverage": pe.catalog_coverage,
    "distributional_coverage": pe.distributional_coverage,
    "novelty": pe.novelty,
    "diversity": pe.diversity,
    "serendipity": pe.serendipity,
}

CACHED = [
    pe._get_pairwise_items,
    pe._get_cosine_similarity,
    pe._get_cooccurrence_similarity,
    pe._get_intralist_similarity,
    pe.user_diversity,
    pe.historical_item_novelty,
    pe.user_item_serendipity,
    pe.user_serendipity,
]


def clear_caches():
    # Recommenders memoises on a hash of the object array's pointers; clear
    # between cases so no result can come from an earlier data set.
    for f in CACHED:
        f.cache_clear()


def num(x):
    x = float(x)
    if math.isnan(x):
        return None
    return float("%.17g" % x)


def frame(rows):
    return pd.DataFrame(rows, columns=["userID", "itemID"], dtype=object)


def evaluate(name, train, reco, with_sim=False, note=""):
    case = {"name": name, "note": note, "train": train, "reco": reco, "expected": {}}
    for m, f in MEASURES.items():
        clear_caches()
        try:
            v = f(frame(train), frame(reco))
            case["expected"][m] = num(v)
        except Exception as e:  # noqa: BLE001
            case["expected"][m] = None
            case.setdefault("errors", {})[m] = "%s: %s" % (type(e).__name__, e)
    if with_sim:
        clear_caches()
        sim = pe._get_cooccurrence_similarity(frame(train), "userID", "itemID", "sim")
        case["similarity"] = [[r.i1, r.i2, num(r.sim)] for r in sim.itertuples()]
    return case


def random_case(rng, name, n_users, n_items, train_len, reco_len, cold_users=0, new_items=0,
                single=0, with_sim=False):
    """Train: each user picks distinct items with Zipf-like popularity.
    Reco: each user gets reco_len distinct items not in their train, drawn from
    a flatter popularity; `cold_users` extra users have reco but no train,
    `new_items` items exist only in reco, `single` users get one reco item."""
    items = ["i%03d" % i for i in range(n_items)]
    pop = 1.0 / np.arange(1, n_items + 1) ** 1.1
    pop = pop / pop.sum()
    flat = 1.0 / np.arange(1, n_items + 1) ** 0.5
    flat = flat / flat.sum()
    train, reco = [], []
    users = ["u%03d" % u for u in range(n_users)]
    for u in users:
        n = int(rng.integers(train_len[0], train_len[1] + 1))
        seen = rng.choice(n_items, size=min(n, n_items), replace=False, p=pop)
        train += [[u, items[i]] for i in sorted(seen)]
    history = {}
    for u, i in train:
        history.setdefault(u, set()).add(i)
    extra = ["n%02d" % j for j in range(new_items)]
    cold = ["c%02d" % j for j in range(cold_users)]
    for j, u in enumerate(users + cold):
        k = 1 if j < single else reco_len
        cand = [i for i in range(n_items) if items[i] not in history.get(u, ())]
        p = flat[cand] / flat[cand].sum()
        picks = [items[cand[i]] for i in rng.choice(len(cand), size=min(k, len(cand)), replace=False, p=p)]
        if extra and rng.random() < 0.3:
            picks[-1] = extra[int(rng.integers(len(extra)))]
        reco += [[u, i] for i in picks]
    perm = rng.permutation(len(reco))
    reco = [reco[i] for i in perm]
    return evaluate(name, train, reco, with_sim=with_sim,
                    note="seeded random: %d users, %d items" % (n_users, n_items))


def main():
    rng = np.random.default_rng(20260124)
    cases = []

    # The 3-user example worked by hand in recommend_test.go.
    cases.append(evaluate(
        "hand3",
        [["u1", "a"], ["u1", "b"], ["u2", "a"], ["u2", "c"], ["u3", "b"], ["u3", "c"], ["u3", "d"]],
        [["u1", "c"], ["u1", "d"], ["u2", "b"], ["u2", "d"], ["u3", "a"]],
        with_sim=True,
        note="hand-checked in TestBeyondAccuracyHand"))

    cases.append(random_case(rng, "small", 8, 10, (1, 4), 3, with_sim=True))
    cases.append(random_case(rng, "medium", 60, 40, (2, 12), 5, cold_users=3, new_items=2,
                             single=4, with_sim=True))
    cases.append(random_case(rng, "large", 400, 250, (3, 30), 10, cold_users=10, new_items=5,
                             single=20))
    cases.append(random_case(rng, "wide", 150, 1000, (1, 60), 20, cold_users=2, new_items=30))

    # Edge cases.
    cases.append(evaluate(
        "single_items",
        [["u1", "a"], ["u1", "b"], ["u2", "b"], ["u2", "c"]],
        [["u1", "c"], ["u2", "a"]],
        note="every user has one recommended item: no pairs, diversity is NaN"))
    cases.append(evaluate(
        "cold_users_only",
        [["u1", "a"], ["u1", "b"], ["u2", "b"], ["u2", "c"]],
        [["x1", "a"], ["x1", "c"], ["x2", "b"], ["x2", "d"]],
        note="no recommended user has history: serendipity is NaN"))
    cases.append(evaluate(
        "unseen_items",
        [["u1", "a"], ["u1", "b"], ["u2", "b"], ["u2", "c"]],
        [["u1", "x"], ["u1", "y"], ["u1", "c"], ["u2", "x"], ["u2", "z"]],
        note="items absent from train: novelty counts them in the denominator only"))
    cases.append(evaluate(
        "reco_in_train",
        [["u1", "a"], ["u1", "b"], ["u2", "b"], ["u2", "c"]],
        [["u1", "a"], ["u1", "c"], ["u2", "a"]],
        note="a recommended pair already in train: Recommenders raises"))

    out = {
        "generator": "metrics/testdata/recommenders/gen.py",
        "reference": "Microsoft Recommenders %s python_evaluation, pandas %s, numpy %s" % (
            recommenders.__version__, pd.__version__, np.__version__),
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w") as f:
        # One case a line keeps diffs readable when the script changes.
        head = json.dumps({k: v for k, v in out.items() if k != "cases"})[:-1]
        f.write(head + ', "cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print("wrote", path, len(cases), "cases")


if __name__ == "__main__":
    main()
