#!/usr/bin/python3
"""Reference values of Microsoft Recommenders' ranking measures
(precision_at_k, recall_at_k, ndcg_at_k, map_at_k, with their defaults:
relevancy_method "top_k", binary relevance, natural-log discount) and of its
per-user beyond-accuracy values (user_diversity, user_serendipity), for
TestRecommendersRankingReference (metrics/recommend_ranking_test.go).

Seeded random users: relevant items (some users have none), recommendation
lists with tied scores (Recommenders keeps the input order of ties: a
stable sort), users with relevant items and no list, lists without a hit,
training interactions disjoint from the lists. Writes ranking_vectors.json
next to this script.

Recommenders is not part of mltest; point RECOMMENDERS_SRC at a checkout of
recommenders-team/recommenders at tag 1.2.0 (its ranking functions equal the
current ones but for pandas 2's aggregation syntax, which Debian's pandas
1.5.3 lacks), run with Debian's python3 (numpy 1.24):

    RECOMMENDERS_SRC=/path/to/recommenders /usr/bin/python3 metrics/testdata/recommenders/gen_ranking.py
"""
import json
import os
import random
import sys
import warnings

src = os.environ.get("RECOMMENDERS_SRC")
if not src:
    sys.exit("gen_ranking.py: set RECOMMENDERS_SRC to the directory holding the recommenders package")
sys.path.insert(0, src)
warnings.simplefilter("ignore")

import pandas as pd  # noqa: E402
import recommenders.evaluation.python_evaluation as pe  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KS = [1, 3, 5, 10]


def case(rng, users, items):
    truth, pred, train = [], [], []
    for u in range(users):
        user = "u%02d" % u
        pool = ["i%03d" % rng.randrange(items) for _ in range(rng.randint(4, 25))]
        pool = list(dict.fromkeys(pool))
        rng.shuffle(pool)
        if u % 7 != 3:                                   # u03, u10, ...: no relevant item
            for it in pool[: rng.randint(1, max(1, len(pool) // 2))]:
                truth.append((user, it, 1))
        if u % 5 != 4:                                   # u04, u09, ...: no list
            listed = pool[: rng.randint(1, len(pool))]
            listed += ["x%03d" % rng.randrange(items) for _ in range(rng.randint(0, 5))]
            listed = list(dict.fromkeys(listed))
            rng.shuffle(listed)
            for it in listed:
                pred.append((user, it, float(rng.randint(0, 6))))  # many ties
            hist = ["h%03d" % rng.randrange(items) for _ in range(rng.randint(0, 6))]
            for it in dict.fromkeys(hist):
                train.append((user, it))
            # Shared items give the co-occurrence similarity something.
            for it in listed[:2]:
                other = "t%02d" % rng.randrange(users)
                train.append((other, it))
    train = list(dict.fromkeys(train))
    listed_pairs = {(u, i) for u, i, _ in pred}
    train = [(u, i) for u, i in train if (u, i) not in listed_pairs]
    return truth, pred, train


def main():
    rng = random.Random(20261206)
    out = []
    for users, items in [(12, 40), (30, 120), (9, 15)]:
        truth, pred, train = case(rng, users, items)
        df_true = pd.DataFrame(truth, columns=["userID", "itemID", "rating"])
        df_pred = pd.DataFrame(pred, columns=["userID", "itemID", "prediction"])
        measures = {}
        for k in KS:
            for name, f in [("precision_at_k", pe.precision_at_k), ("recall_at_k", pe.recall_at_k),
                            ("ndcg_at_k", pe.ndcg_at_k), ("map_at_k", pe.map_at_k)]:
                measures["%s_%d" % (name, k)] = float(f(df_true, df_pred, k=k))
        df_train = pd.DataFrame(train, columns=["userID", "itemID"])
        df_reco = df_pred[["userID", "itemID"]]
        div = pe.user_diversity(df_train, df_reco)
        ser = pe.user_serendipity(df_train, df_reco)
        out.append({
            "truth": [[u, i] for u, i, _ in truth],
            "pred": [[u, i, s] for u, i, s in pred],
            "train": [[u, i] for u, i in train],
            "measures": measures,
            "user_diversity": {r.userID: float(r.user_diversity) for r in div.itertuples()},
            "user_serendipity": {r.userID: float(r.user_serendipity) for r in ser.itertuples()},
        })
    with open(os.path.join(HERE, "ranking_vectors.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
