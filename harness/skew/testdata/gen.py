#!/usr/bin/python3
"""Reference values for package skew, produced by scipy and numpy.

Run with Debian's interpreter (scipy 1.10, numpy 1.24), from the repository root:

    /usr/bin/python3 harness/skew/testdata/gen.py

It writes harness/skew/testdata/reference.json and the two tables
harness/skew/testdata/files/ref.csv and files/cur.jsonl.gz. Seeded, so the
output is the same on every run.

numeric cases (ref, cur samples, bins B):
  edges  numpy.quantile(ref, [1/B, ..., (B-1)/B]) (method "linear"), repeated
         edges dropped; counts by numpy.searchsorted(edges, x, side="left")
         (right-closed bins)
  psi    sum((c - r) * log(c / r)) over the bin shares, shares < 1e-4 -> 1e-4
  js     scipy.spatial.distance.jensenshannon(counts_ref, counts_cur, base=2)
  ks     scipy.stats.ks_2samp(ref, cur) (method "auto"), plus the asymptotic
         p-value scipy.stats.kstwobign.sf(sqrt(n1 n2 / (n1 + n2)) D)
  w      scipy.stats.wasserstein_distance(ref, cur); w_norm = w / numpy.std(ref)
  smd    (mean(cur) - mean(ref)) / numpy.std(ref)
categorical cases (category counts):
  shares over the sorted union of categories; linf = max |r - c| and the
  category where it is reached; js as above on the shares; psi as above.
files: the same statistics on the columns of files/ref.csv and files/cur.jsonl.gz
  with the missing values (empty CSV fields, "NaN", JSON null) left out and
  counted.
"""
import gzip
import io
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261124)
EPS = 1e-4
HERE = os.path.dirname(os.path.abspath(__file__))


def psi(r, c):
    r = np.maximum(np.asarray(r, float), EPS)
    c = np.maximum(np.asarray(c, float), EPS)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_stats(ref, cur, bins):
    ref = np.asarray(ref, float)
    cur = np.asarray(cur, float)
    q = np.quantile(ref, [i / bins for i in range(1, bins)])
    edges = []
    for e in q:
        if not edges or e != edges[-1]:
            edges.append(float(e))
    nb = len(edges) + 1
    cr = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=nb)
    cc = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=nb)
    ks = stats.ks_2samp(ref, cur)
    n1, n2 = len(ref), len(cur)
    w = stats.wasserstein_distance(ref, cur)
    sd = float(np.std(ref))
    return {
        "bins": nb,
        "edges": edges,
        "psi": psi(cr / n1, cc / n2),
        "js": float(jensenshannon(cr, cc, base=2)),
        "ks_d": float(ks.statistic),
        "ks_p": float(ks.pvalue),
        "ks_exact": max(n1, n2) <= 10000,
        "ks_p_asymp": float(stats.kstwobign.sf(math.sqrt(n1 * n2 / (n1 + n2)) * ks.statistic)),
        "wasserstein": float(w),
        "wasserstein_norm": float(w / sd),
        "smd": float((np.mean(cur) - np.mean(ref)) / sd),
        "mean_ref": float(np.mean(ref)),
        "mean_cur": float(np.mean(cur)),
        "std_ref": sd,
        "std_cur": float(np.std(cur)),
    }


def categorical_stats(ref_counts, cur_counts):
    cats = sorted(set(ref_counts) | set(cur_counts))
    r = np.array([ref_counts.get(k, 0) for k in cats], float)
    c = np.array([cur_counts.get(k, 0) for k in cats], float)
    r /= r.sum()
    c /= c.sum()
    d = np.abs(r - c)
    top = int(np.argmax(d))  # first maximum, in name order
    unseen = sorted(((n, k) for k, n in cur_counts.items() if k not in ref_counts), key=lambda t: (-t[0], t[1]))
    return {
        "linf": float(d[top]),
        "top_change": cats[top],
        "js": float(jensenshannon(r, c, base=2)),
        "psi": psi(r, c),
        "unseen_rows": int(sum(n for n, _ in unseen)),
        "unseen_categories": len(unseen),
        "top_unseen": [k for _, k in unseen[:5]],
    }


def rounded(x, d=6):
    return [float(v) for v in np.round(np.asarray(x, float), d)]


numeric = []


def num_case(name, ref, cur, bins=10):
    ref, cur = rounded(ref), rounded(cur)
    numeric.append({"name": name, "bins_requested": bins, "ref": ref, "cur": cur, **numeric_stats(ref, cur, bins)})


num_case("tiny", [1, 2, 3, 4, 5], [2, 3, 4, 5, 6, 7], bins=4)
num_case("normal_same", rng.normal(0, 1, 2000), rng.normal(0, 1, 1500))
num_case("normal_shift", rng.normal(0, 1, 2000), rng.normal(0.3, 1.2, 1800))
num_case("lognormal_vs_gamma", rng.lognormal(0, 0.5, 3000), rng.gamma(4, 0.3, 2500))
num_case("poisson_ties", rng.poisson(3, 1000), rng.poisson(3.5, 1200))
num_case("uniform_bins5", rng.uniform(-2, 2, 500), rng.uniform(-1.5, 2.5, 700), bins=5)
num_case("bimodal_bins20", np.concatenate([rng.normal(-2, 0.5, 800), rng.normal(2, 0.5, 800)]),
         np.concatenate([rng.normal(-2, 0.5, 500), rng.normal(2, 0.5, 1100)]), bins=20)
num_case("large_asymptotic", np.round(rng.normal(10, 2, 12000), 3), np.round(rng.normal(10.05, 2, 11000), 3))

categorical = []


def cat_case(name, ref_counts, cur_counts):
    categorical.append({"name": name, "ref": ref_counts, "cur": cur_counts, **categorical_stats(ref_counts, cur_counts)})


def draw(cats, probs, n):
    counts = rng.multinomial(n, probs)
    return {k: int(v) for k, v in zip(cats, counts) if v > 0}


letters = [chr(ord("a") + i) for i in range(12)]
zipf = np.array([1 / (i + 1) for i in range(12)])
zipf /= zipf.sum()
shifted = zipf * np.linspace(0.6, 1.6, 12)
shifted /= shifted.sum()
cat_case("hand", {"a": 2, "b": 2}, {"a": 1, "b": 2, "c": 1})
cat_case("same_distribution", draw(letters, zipf, 5000), draw(letters, zipf, 4000))
cur = draw(letters, shifted * 0.95, 4000 - 4000 // 20)
cur.update(draw(["new1", "new2", "new3", "zz", "new5", "new6"], [0.4, 0.25, 0.15, 0.1, 0.06, 0.04], 4000 // 20))
cat_case("zipf_shift_unseen", draw(letters, zipf, 5000), cur)
cat_case("disjoint", {"x": 3, "y": 1}, {"z": 5})

# Two tables with missing values: files/ref.csv and files/cur.jsonl.gz.
N_REF, N_CUR = 3000, 2500
cities = ["Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes"]
zips = ["02139", "10001", "94103", "60601", "00501"]


def table(n, age_mu, income_sigma, city_p, clicks_lam, zip_p, miss_age, miss_income, extra_cities=()):
    age = rng.normal(age_mu, 12, n).round(1)
    age_missing = rng.random(n) < miss_age
    income = rng.lognormal(10, income_sigma, n).round(2)
    income_missing = rng.random(n) < miss_income
    names = cities + list(extra_cities)
    city = rng.choice(names, n, p=city_p)
    clicks = rng.poisson(clicks_lam, n)
    zipc = rng.choice(zips, n, p=zip_p)
    return age, age_missing, income, income_missing, city, clicks, zipc


ref_t = table(N_REF, 40, 0.5, [0.3, 0.2, 0.2, 0.15, 0.1, 0.05], 2.0, [0.4, 0.3, 0.1, 0.1, 0.1], 0.02, 0.05)
cur_t = table(N_CUR, 43, 0.6, [0.25, 0.2, 0.15, 0.15, 0.1, 0.05, 0.06, 0.04], 2.2, [0.3, 0.3, 0.2, 0.1, 0.1], 0.08, 0.05,
              extra_cities=["Lille", "Rennes"])

os.makedirs(os.path.join(HERE, "files"), exist_ok=True)
with open(os.path.join(HERE, "files", "ref.csv"), "w", newline="") as f:
    f.write("id,age,income,city,clicks,zip\n")
    age, am, inc, im, city, clicks, zipc = ref_t
    for i in range(N_REF):
        a = "" if am[i] else repr(float(age[i]))
        m = "NaN" if im[i] else repr(float(inc[i]))
        f.write(f"r{i},{a},{m},{city[i]},{clicks[i]},{zipc[i]}\n")
buf = io.StringIO()
age, am, inc, im, city, clicks, zipc = cur_t
for i in range(N_CUR):
    row = {"id": f"c{i}", "age": None if am[i] else float(age[i]), "income": None if im[i] else float(inc[i]),
           "city": str(city[i]), "clicks": int(clicks[i]), "zip": str(zipc[i])}
    buf.write(json.dumps(row) + "\n")
with open(os.path.join(HERE, "files", "cur.jsonl.gz"), "wb") as raw:
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(buf.getvalue().encode())


def counts(xs):
    out = {}
    for x in xs:
        out[str(x)] = out.get(str(x), 0) + 1
    return out


files = {"bins": 10, "features": {}}
for col, ri, ci in [("age", 0, 0), ("income", 2, 2)]:
    rv = ref_t[ri][~ref_t[ri + 1]]
    cv = cur_t[ci][~cur_t[ci + 1]]
    s = numeric_stats(rv, cv, 10)
    s.update({"kind": "numeric", "n_ref": N_REF, "n_cur": N_CUR,
              "missing_ref": int(ref_t[ri + 1].sum()), "missing_cur": int(cur_t[ci + 1].sum())})
    files["features"][col] = s
s = numeric_stats(ref_t[5], cur_t[5], 10)
s.update({"kind": "numeric", "n_ref": N_REF, "n_cur": N_CUR, "missing_ref": 0, "missing_cur": 0})
files["features"]["clicks"] = s
for col, i in [("city", 4), ("zip", 6)]:
    s = categorical_stats(counts(ref_t[i]), counts(cur_t[i]))
    s.update({"kind": "categorical", "n_ref": N_REF, "n_cur": N_CUR, "missing_ref": 0, "missing_cur": 0})
    files["features"][col] = s

out = {
    "generator": "harness/skew/testdata/gen.py",
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
    "numeric": numeric,
    "categorical": categorical,
    "files": files,
}
with open(os.path.join(HERE, "reference.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
