"""Writes the binary-classification predictions file of the eval benchmark.

    /usr/bin/python3 internal/bench/gen_eval_data.py /tmp/eval10m.csv 10000000

Columns label,score,weight,device; seeded, so every machine writes the same
bytes. Needs numpy and pandas (Debian: python3-pandas).
"""
import sys

import numpy as np
import pandas as pd

path, n = sys.argv[1], int(sys.argv[2])
rs = np.random.RandomState(7)
y = rs.randint(0, 2, n)
s = np.clip(rs.normal(0.4 + 0.2 * y, 0.2), 0, 1).round(6)
w = rs.randint(1, 4, n)
dev = np.array(["web", "ios", "android"])[rs.randint(0, 3, n)]
pd.DataFrame({"label": y, "score": s, "weight": w, "device": dev}).to_csv(path, index=False)
