#!/usr/bin/python3
"""Times Microsoft Recommenders' beyond-accuracy functions on the data set of
BenchmarkBeyondAccuracy (metrics/recommend_bench_test.go): the same splitmix64
generator and sampling, so the data are identical row for row, and the values
printed here can be checked against TestBeyondAccuracyBenchData's log.

    RECOMMENDERS_SRC=/tmp/reco /usr/bin/python3 metrics/testdata/recommenders/bench.py [users]

With the default 10000 users it also writes bench_expected.json next to this
script, which TestBeyondAccuracyBenchData compares with at 1e-9.

Each function is timed on its own with Recommenders' caches cleared first, as
a user calling it once would see it.
"""

import bisect
import json
import math
import os
import sys
import time
import warnings

src = os.environ.get("RECOMMENDERS_SRC")
if not src:
    sys.exit("bench.py: set RECOMMENDERS_SRC to the directory holding the recommenders package")
sys.path.insert(0, src)
warnings.simplefilter("ignore")

import pandas as pd  # noqa: E402
import recommenders.evaluation.python_evaluation as pe  # noqa: E402

USERS, ITEMS, TRAIN_LEN, RECO_LEN, SEED = 10000, 5000, 10, 10, 20260124
MASK = (1 << 64) - 1


class SplitMix:
    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def float(self):
        return (self.next() >> 11) * 2.0 ** -53


def sampler(weights):
    cdf, s = [], 0.0
    for w in weights:
        s += w
        cdf.append(s)
    return cdf


def draw(cdf, r):
    x = r.float() * cdf[-1]
    return min(bisect.bisect_right(cdf, x), len(cdf) - 1)


def data(users):
    r = SplitMix(SEED)
    pop = sampler([1 / (i + 1) for i in range(ITEMS)])
    wide = sampler([1 / math.sqrt(i + 1) for i in range(ITEMS)])
    train, reco = [], []
    for u in range(users):
        user = "u%d" % u
        seen = set()
        while len(seen) < TRAIN_LEN:
            i = draw(pop, r)
            if i not in seen:
                seen.add(i)
                train.append((user, "i%d" % i))
        n = 0
        while n < RECO_LEN:
            i = draw(wide, r)
            if i not in seen:
                seen.add(i)
                reco.append((user, "i%d" % i))
                n += 1
    return (pd.DataFrame(train, columns=["userID", "itemID"]),
            pd.DataFrame(reco, columns=["userID", "itemID"]))


CACHED = [pe._get_pairwise_items, pe._get_cosine_similarity, pe._get_cooccurrence_similarity,
          pe._get_intralist_similarity, pe.user_diversity, pe.historical_item_novelty,
          pe.user_item_serendipity, pe.user_serendipity]


def main():
    users = int(sys.argv[1]) if len(sys.argv) > 1 else USERS
    train, reco = data(users)
    print("%d users, %d train rows, %d reco rows" % (users, len(train), len(reco)))
    total = 0.0
    expected = {}
    for name in ["catalog_coverage", "distributional_coverage", "novelty", "diversity", "serendipity"]:
        for f in CACHED:
            f.cache_clear()
        t0 = time.perf_counter()
        v = getattr(pe, name)(train, reco)
        dt = time.perf_counter() - t0
        total += dt
        expected[name] = float("%.17g" % v)
        print("%-24s %.17g  %8.3f s" % (name, v, dt))
    print("%-24s %26s %8.3f s" % ("total", "", total))
    if users == USERS:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_expected.json")
        with open(path, "w") as f:
            json.dump({"generator": "metrics/testdata/recommenders/bench.py", "users": users,
                       "expected": expected}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
