#!/usr/bin/python3
"""Reference values of the measures ir_measures takes from providers other
than trec_eval, computed by the providers themselves on seeded inputs, for
TestRankIRMeasuresProviders (harness/flow/rank_irmeasures_test.go).

The providers are not part of mltest; fetch their public sources outside the
repository and point at them:

  gdeval.pl  ERR@k, nDCG(dcg='exp-log2')@k   GDEVAL=.../ir_measures/ir_measures/bin/gdeval.pl
             (terrierteam/ir_measures dc04a88, gdeval version 1.2a), run with Debian's perl
  ndeval     alpha_nDCG@k, alpha_DCG@k, ERR_IA@k, nERR_IA@k, P_IA@k, StRecall@k,
             NRBP, nNRBP, AP_IA               NDEVAL=... a binary built with
             `gcc -O2 -o ndeval src/ndeval.c -lm` from seanmacavaney/pyndeval acde21d
             (ndeval 4.5, the C core pyndeval wraps)
  cwl_eval   RBP, INST, INSQ, NERR8..NERR11, SDCG, BPM
             CWL_SRC=... a checkout of ireval/cwl 4c3ea6f, imported with Debian's
             python3 (numpy 1.24); gains are put in as ir_measures' cwl_eval
             provider puts them (IrmQrelHandler: relevance clipped at 0, then
             binary at rel, or scaled to [0, 1] by min_rel and max_rel)

    GDEVAL=... NDEVAL=... CWL_SRC=... /usr/bin/python3 harness/flow/testdata/irm/gen.py

It writes irm.qrels (topic 0 docno rel, rel 0..4: gdeval's range), irm.subtopics
(topic subtopic docno judgment, ndeval's diversity qrels), irm.run (scores
distinct within a topic, the rank field in score order, lines in rank order:
every provider reads the same ranking whatever its tie rule) and expected.json:
provider -> measure as mltest names it -> topic -> value (null for NaN). gdeval
prints 5 decimals and ndeval 6; cwl_eval's values are full doubles. gdeval
prints no line for a topic without a relevant document, which ir_measures
counts as 0.
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261205


def make(rng):
    qrels, subtopics, run = [], [], []
    for t in range(1, 21):
        topic = str(100 + t)
        docs = ["d%03d-%d" % (rng.randrange(400), t) for _ in range(rng.randint(10, 35))]
        docs = sorted(set(docs))
        none = t == 7  # a topic without a relevant document
        for d in docs:
            rel = 0 if none else rng.choice([0, 0, 0, 1, 1, 2, 3, 4])
            qrels.append((topic, "0", d, rel))
        nsub = rng.randint(1, 5)
        for d in docs:
            for s in range(1, nsub + 1):
                if rng.random() < 0.35:
                    subtopics.append((topic, str(s), d, 0 if none else rng.choice([0, 1, 1, 2])))
        retrieved = rng.sample(docs, min(len(docs), rng.randint(5, 30)))
        retrieved += ["u%03d-%d" % (i, t) for i in range(rng.randint(0, 8))]  # unjudged
        rng.shuffle(retrieved)
        scores = sorted(rng.sample(range(1, 100000), len(retrieved)), reverse=True)
        for r, (d, s) in enumerate(zip(retrieved, scores)):
            run.append((topic, "Q0", d, str(r + 1), "%.4f" % (s / 1000.0), "irmRun"))
    return qrels, subtopics, run


def write(name, rows):
    with open(os.path.join(HERE, name), "w") as f:
        for r in rows:
            f.write(" ".join(str(x) for x in r) + "\n")


def gdeval(qrels, run):
    out = {}
    for k in (5, 10, 20):
        res = subprocess.run(["perl", os.environ["GDEVAL"], os.path.join(HERE, "irm.qrels"),
                              os.path.join(HERE, "irm.run"), str(k)], check=True, capture_output=True, text=True).stdout
        for line in res.splitlines()[1:]:
            _, topic, ndcg, err = line.split(",")
            if topic == "amean":
                continue
            out.setdefault("ERR@%d" % k, {})[topic] = float(err)
            out.setdefault("nDCG(dcg='exp-log2')@%d" % k, {})[topic] = float(ndcg)
    return out


NDEVAL_COLUMNS = {"ERR-IA@5": "ERR_IA@5", "ERR-IA@10": "ERR_IA@10", "ERR-IA@20": "ERR_IA@20",
                  "nERR-IA@5": "nERR_IA@5", "nERR-IA@10": "nERR_IA@10", "nERR-IA@20": "nERR_IA@20",
                  "alpha-DCG@5": "alpha_DCG@5", "alpha-DCG@10": "alpha_DCG@10", "alpha-DCG@20": "alpha_DCG@20",
                  "alpha-nDCG@5": "alpha_nDCG@5", "alpha-nDCG@10": "alpha_nDCG@10", "alpha-nDCG@20": "alpha_nDCG@20",
                  "NRBP": "NRBP", "nNRBP": "nNRBP", "MAP-IA": "AP_IA",
                  "P-IA@5": "P_IA@5", "P-IA@10": "P_IA@10", "P-IA@20": "P_IA@20",
                  "strec@5": "StRecall@5", "strec@10": "StRecall@10", "strec@20": "StRecall@20"}


def ndeval():
    out = {}
    for flags, suffix in (([], ""), (["-alpha", "0.3", "-beta", "0.7"], "(alpha=0.3,beta=0.7)")):
        res = subprocess.run([os.environ["NDEVAL"]] + flags + [os.path.join(HERE, "irm.subtopics"),
                              os.path.join(HERE, "irm.run")], check=True, capture_output=True, text=True).stdout
        lines = res.splitlines()
        cols = lines[0].split(",")
        for line in lines[1:]:
            f = line.split(",")
            if f[1] == "amean":
                continue
            for c, v in zip(cols[2:], f[2:]):
                name = NDEVAL_COLUMNS[c]
                if suffix:
                    if not name.startswith(("alpha", "NRBP", "nNRBP")):
                        continue
                    base, _, at = name.partition("@")
                    params = suffix if base in ("NRBP", "nNRBP") else "(alpha=0.3)"
                    name = base + params + ("@" + at if at else "")
                out.setdefault(name, {})[f[1]] = float(v)
    return out


def cwl(qrels, run):
    sys.path.insert(0, os.environ["CWL_SRC"])
    from cwl.seeker.trec_qrel_handler import TrecQrelHandler
    from cwl.ruler.ranking import RankingMaker
    from cwl.ruler import cwl_ruler as r

    def handler(gain):
        h = TrecQrelHandler(None)
        for topic, _, d, rel in qrels:
            h.put_value(topic, d, gain(max(int(rel), 0)))
        return h

    def scaled(lo, hi):
        return lambda rel: (min(max(rel, lo), hi) - lo) / (hi - lo)

    measures = {
        "RBP(p=0.8)": (lambda: r.RBPCWLMetric(0.8), lambda rel: float(rel)),
        "RBP(p=0.8,rel=2)": (lambda: r.RBPCWLMetric(0.8), lambda rel: 1.0 if rel >= 2 else 0.0),
        "RBP(p=0.5,rel=1)": (lambda: r.RBPCWLMetric(0.5), lambda rel: 1.0 if rel >= 1 else 0.0),
        "INST": (lambda: r.INSTCWLMetric(1.0), scaled(0, 4)),
        "INST(T=2,max_rel=3)": (lambda: r.INSTCWLMetric(2.0), scaled(0, 3)),
        "INSQ(T=2)": (lambda: r.INSQCWLMetric(2.0), scaled(0, 4)),
        "NERR8@10": (lambda: r.NERReq8CWLMetric(10), scaled(0, 4)),
        "NERR9(min_rel=1)@10": (lambda: r.NERReq9CWLMetric(10), scaled(1, 4)),
        "NERR10(p=0.9)": (lambda: r.NERReq10CWLMetric(0.9), scaled(0, 4)),
        "NERR11(T=1,max_rel=4)": (lambda: r.NERReq11CWLMetric(1.0), scaled(0, 4)),
        "SDCG@10": (lambda: r.NDCGCWLMetric(10), scaled(0, 4)),
        "BPM(T=1)@10": (lambda: r.BPMCWLMetric(1.0, 10), scaled(0, 4)),
    }
    by_topic = {}
    for topic, _, d, *_ in run:
        by_topic.setdefault(topic, []).append(d)
    judged = {q[0] for q in qrels}
    out = {}
    for name, (metric, gain) in measures.items():
        h = handler(gain)
        for topic, docs in by_topic.items():
            if topic not in judged:
                continue
            maker = RankingMaker(topic, h, cost_dict=None, max_gain=1.0, min_gain=0.0, max_cost=1.0, min_cost=1.0, max_n=1000)
            for d in docs:
                maker.add(d, "_")
            out.setdefault(name, {})[topic] = float(metric().measure(maker.get_ranking()))
    return out


def main():
    rng = random.Random(SEED)
    qrels, subtopics, run = make(rng)
    write("irm.qrels", qrels)
    write("irm.subtopics", subtopics)
    write("irm.run", run)
    expected = {"gdeval": gdeval(qrels, run), "ndeval": ndeval(), "cwl_eval": cwl(qrels, run)}
    # JSON has no NaN (ndeval's nNRBP of a topic without a relevant
    # document is 0/0): null stands for it.
    for per_measure in expected.values():
        for values in per_measure.values():
            for topic, v in values.items():
                if v != v:
                    values[topic] = None
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
