"""Regenerates the data files of mltest run's CLI tests (seeded, Python 3 stdlib only):

    cd cmd/mltest/testdata/run && python3 gen.py

baseline.csv      a weaker model's scores for the rows of examples/data/binary.csv
                  (0.6 * score + 0.2 + N(0, 0.12), clipped to [0, 1])
train_features.csv, serving_features.csv
                  400 rows each of the same distribution: age ~ N(40, 10), plan uniform
shifted_features.csv
                  age ~ N(50, 10), plan mostly team: drifted
"""
import csv
import random

random.seed(8)
rows = list(csv.DictReader(open('../../../../examples/data/binary.csv')))
with open('baseline.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'device', 'label', 'score', 'weight'])
    for r in rows:
        s = float(r['score'])
        b = min(max(0.6 * s + 0.2 + random.gauss(0, 0.12), 0.0), 1.0)
        w.writerow([r['id'], r['device'], r['label'], f'{b:.4f}', r['weight']])

random.seed(9)
for name, shift in (('train_features.csv', 0.0), ('serving_features.csv', 0.0), ('shifted_features.csv', 1.0)):
    with open(name, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['age', 'plan'])
        for i in range(400):
            plans = ['free', 'pro', 'team'] if shift == 0 else ['pro', 'team', 'team']
            w.writerow([f'{random.gauss(40 + 10 * shift, 10):.2f}', random.choice(plans)])
