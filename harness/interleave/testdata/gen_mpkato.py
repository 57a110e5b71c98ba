#!/usr/bin/python3
"""Reference values from mpkato/interleaving, written to mpkato.json.

mpkato/interleaving (Makoto P. Kato, Tomohiro Manabe; MIT licence) is run
from its source, outside this repository, with Debian's python3-numpy,
python3-scipy and python3-pulp (its package __init__ imports pulp for a
method not used here):

    git clone https://github.com/mpkato/interleaving /work/ext/mpkato+interleaving
    # commit 7907f7dd61bfcad57ad602b5c93e601677025da7 (2018-10-15)
    cd harness/interleave/testdata
    PYTHONPATH=/work/ext/mpkato+interleaving /usr/bin/python3 gen_mpkato.py

Sections:
  team_draft:   interleavings drawn by interleaving.TeamDraft (2 to 4 lists),
                random clicks, and TeamDraft.compute_scores and evaluate
                (the credit per ranker and the pairwise outcomes);
  balanced:     interleavings drawn by interleaving.Balanced, random clicks,
                Balanced.compute_scores;
  distribution: for small rankings, how often each (list, teams) outcome of
                TeamDraft.interleave occurs in 20000 draws.
Clicks are stored as item ids (mpkato's are list positions).
"""
import json
from collections import Counter

import numpy as np

import interleaving
from interleaving import Balanced, TeamDraft

np.random.seed(20240518)
rng = np.random.default_rng(7)
UNIVERSE = [f"d{i}" for i in range(12)]


def ranking(lo=2, hi=8):
    n = int(rng.integers(lo, hi + 1))
    return [str(x) for x in rng.choice(UNIVERSE, size=n, replace=False)]


def clicks_of(length):
    return sorted(int(p) for p in np.flatnonzero(rng.random(length) < 0.3))


team_draft = []
for case in range(300):
    nlists = 2 if case < 200 else int(rng.integers(3, 5))
    lists = [ranking() for _ in range(nlists)]
    k = int(rng.integers(1, 9))
    r = TeamDraft(lists, max_length=k).interleave()
    teams = []
    for doc in r:
        owners = [t for t, members in r.teams.items() if doc in members]
        assert len(owners) == 1
        teams.append(int(owners[0]))
    clicks = clicks_of(len(r))
    scores = TeamDraft.compute_scores(r, clicks)
    team_draft.append({
        "lists": lists, "k": k, "items": list(r), "teams": teams,
        "clicks": [r[c] for c in clicks],
        "credit": [int(scores[t]) for t in range(nlists)],
        "wins": [[int(i), int(j)] for i, j in TeamDraft.evaluate(r, clicks)],
    })

balanced = []
for case in range(200):
    a, b = ranking(), ranking()
    k = int(rng.integers(1, 9))
    r = Balanced([a, b], max_length=k).interleave()
    clicks = clicks_of(len(r))
    scores = Balanced.compute_scores(r, clicks)
    balanced.append({
        "a": a, "b": b, "k": k, "items": list(r),
        "clicks": [r[c] for c in clicks],
        "credit": [int(s) for s in scores],
    })

distribution = []
for lists, k in [([["x", "y", "z"], ["y", "w", "x"]], 4),
                 ([["a", "b", "c", "d", "e"], ["e", "d", "c", "b", "a"]], 5),
                 ([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "d"]], 4)]:
    counts = Counter()
    draws = 20000
    for _ in range(draws):
        r = TeamDraft(lists, max_length=k).interleave()
        key = []
        for doc in r:
            owner = [t for t, members in r.teams.items() if doc in members][0]
            key.append(f"{doc}:{int(owner)}")
        counts[" ".join(key)] += 1
    distribution.append({"lists": lists, "k": k, "draws": draws, "counts": dict(sorted(counts.items()))})

with open("mpkato.json", "w") as f:
    json.dump({"source": "github.com/mpkato/interleaving@7907f7dd61bfcad57ad602b5c93e601677025da7",
               "numpy": np.__version__,
               "team_draft": team_draft, "balanced": balanced, "distribution": distribution}, f, indent=1)
    f.write("\n")
