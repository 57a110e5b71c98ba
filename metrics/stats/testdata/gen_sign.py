#!/usr/bin/python3
"""Reference values for SignTest and SignMSPRT, written to sign.json.

Run with Debian's /usr/bin/python3 (numpy 1.24, scipy 1.10 from
python3-numpy and python3-scipy):

    cd metrics/stats/testdata && /usr/bin/python3 gen_sign.py

Sign test: scipy.stats.binomtest(wins, wins + losses, 0.5).pvalue, two-sided.
Mixture SPRT: the Beta(a, a) mixture likelihood ratio of Robbins (1970),
log L_n = betaln(a + S, a + F) - betaln(a, a) + n log 2, written here with
scipy.special.betaln, and the always-valid p-value min(1, min_m 1/L_m), on
seeded Bernoulli sequences.
"""
import json

import numpy as np
import scipy
import scipy.special
import scipy.stats

sign = []
for wins, losses in [(0, 0), (5, 5), (0, 1), (1, 0), (10, 0), (0, 24), (7, 3),
                     (60, 40), (40, 60), (3100, 2700), (1, 30),
                     (510000, 490000), (500500, 499500), (0, 2000), (1200, 800),
                     (12, 13), (100, 101)]:
    n = wins + losses
    p = 1.0 if n == 0 else scipy.stats.binomtest(wins, n, 0.5).pvalue
    sign.append({"wins": wins, "losses": losses, "p": float(p)})

rng = np.random.default_rng(20240518)
msprt = []
for sd, theta, n in [(0.05, 0.5, 400), (0.05, 0.6, 400), (0.1, 0.55, 3000),
                     (0.2, 0.45, 1000), (0.01, 0.5, 200), (0.3, 0.7, 50)]:
    a = (1 / (4 * sd * sd) - 1) / 2
    x = rng.random(n) < theta
    s = np.cumsum(x)
    m = np.arange(1, n + 1)
    f = m - s
    loglr = scipy.special.betaln(a + s, a + f) - scipy.special.betaln(a, a) + m * np.log(2)
    p = np.minimum(1.0, np.minimum.accumulate(np.exp(-loglr)))
    msprt.append({"sd": sd, "wins": [bool(v) for v in x],
                  "log_lr": [float(v) for v in loglr],
                  "p": [float(v) for v in p]})

with open("sign.json", "w") as f:
    json.dump({"versions": {"numpy": np.__version__, "scipy": scipy.__version__},
               "sign_test": sign, "msprt": msprt}, f, indent=1)
    f.write("\n")
