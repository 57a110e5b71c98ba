#!/usr/bin/python3
"""Writes the trec_eval reference cases for metrics and `mltest rank`.

Seeded, standard library only. For each case it writes CASE.qrels and
CASE.run (TREC formats), then runs trec_eval (path from $TREC_EVAL, default
/tmp/trec_eval/trec_eval) with each flag set and saves its stdout as
CASE.NAME.out. cases.json lists every (case, flags, output) triple for the Go
tests.

trec_eval 10 exits 4 when a qrels query is missing from the run (unless -c),
while `mltest rank` skips such a query with a warning, as CONTRACTS.md says.
For flag sets without -c the reference is therefore trec_eval's output on
CASE.qrels restricted to the run's queries (CASE.qrels_in_run), which is
exactly the skipping that mltest does.

Regenerate:  TREC_EVAL=/path/to/trec_eval python3 metrics/testdata/trec/gen.py
"""
import csv
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TREC_EVAL = os.environ.get("TREC_EVAL", "/tmp/trec_eval/trec_eval")

MEASURES = ["map", "P", "recall", "ndcg", "ndcg_cut", "recip_rank", "Rprec",
            "success", "bpref", "num_q", "num_ret", "num_rel", "num_rel_ret",
            "gm_map", "iprec_at_recall", "runid"]
ALL = [a for m in MEASURES for a in ("-m", m)]
CUT = ["-m", "P.3,7,1000", "-m", "recall.7,2", "-m", "ndcg_cut.3,50",
       "-m", "success.2,20", "-m", "iprec_at_recall.0.25,0.75,0.05", "-m", "map",
       "-m", "ndcg"]

FLAGSETS = [
    ("official", []),
    ("official_q", ["-q"]),
    ("all_q", ["-q"] + ALL),
    ("all_c_q", ["-q", "-c"] + ALL),
    ("all_l2_q", ["-q", "-l", "2"] + ALL),
    ("all_c_l2", ["-c", "-l", "2"] + ALL),
    ("cut_q", ["-q"] + CUT),
    ("max20_q", ["-q", "-M", "20"] + ALL),
    ("official_c", ["-c"]),
]


def graded_case(rng, name, nq, judged_range, ret_range, runid):
    qrels, run = [], []
    qids = ["q%03d" % rng.randrange(1000) for _ in range(nq)]
    qids = sorted(set(qids))
    for i, qid in enumerate(qids):
        pool = ["D%05d" % rng.randrange(20000) for _ in range(rng.randint(*judged_range))]
        pool = sorted(set(pool))
        kind = i % 7
        judged = {}
        for d in pool:
            if kind == 1:
                rel = 0                         # no relevant document
            else:
                rel = rng.choice([0, 0, 0, 1, 1, 2, 3])
                if rng.random() < 0.03:
                    rel = -1                    # in the pool, unjudged
            judged[d] = rel
        only_run = kind == 5 and i > 0          # qid only in the run
        only_qrels = kind == 3                  # qid only in the qrels
        if not only_run:
            for d, rel in judged.items():
                qrels.append((qid, d, rel))
        if only_qrels:
            continue
        n = rng.randint(*ret_range)
        if kind == 4:
            n = rng.randint(1, 9)               # short run
        cands = list(judged) + ["D%05d" % rng.randrange(20000) for _ in range(n)]
        rng.shuffle(cands)
        docs = []
        seen = set()
        for d in cands:
            if d not in seen:
                seen.add(d)
                docs.append(d)
            if len(docs) == n:
                break
        for r, d in enumerate(docs):
            # Few distinct scores: many ties, broken by docno.
            score = round(rng.uniform(0, 10)) / 2 if kind in (2, 6) else round(rng.gauss(5, 2), 3)
            run.append((qid, d, r + 1, score))
    rng.shuffle(run)                            # order of lines must not matter
    return qrels, [(q, d, r, s, runid) for q, d, r, s in run]


def write(name, qrels, run):
    with open(os.path.join(HERE, name + ".qrels"), "w") as f:
        for q, d, rel in qrels:
            f.write("%s 0 %s %d\n" % (q, d, rel))
    with open(os.path.join(HERE, name + ".run"), "w") as f:
        for q, d, r, s, runid in run:
            f.write("%s Q0 %s %d %s %s\n" % (q, d, r, repr(float(s)), runid))
    runq = {q for q, *_ in run}
    with open(os.path.join(HERE, name + ".qrels_in_run"), "w") as f:
        for q, d, rel in qrels:
            if q in runq:
                f.write("%s 0 %s %d\n" % (q, d, rel))


def write_tables(name, qrels, run):
    """CSV qrels and JSONL run of the same data (runid = file base name)."""
    runid = run[-1][4]
    with open(os.path.join(HERE, name + ".qrels.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["qid", "docno", "rel"])
        for q, d, rel in qrels:
            w.writerow([q, d, rel])
    with open(os.path.join(HERE, runid + ".jsonl"), "w") as f:
        for q, d, r, s, _ in run:
            f.write(json.dumps({"qid": q, "docno": d, "score": s}) + "\n")


def main():
    rng = random.Random(20261124)
    cases = {
        "graded": graded_case(rng, "graded", 40, (5, 60), (10, 120), "runG"),
        "small": graded_case(rng, "small", 8, (1, 12), (1, 15), "tiny_run"),
        "deep": graded_case(rng, "deep", 6, (100, 400), (900, 1300), "deepRun"),
    }
    one_q, one_r = graded_case(rng, "one", 1, (20, 30), (40, 60), "oneq")
    cases["onequery"] = (one_q, one_r)
    manifest = []
    for name, (qrels, run) in cases.items():
        write(name, qrels, run)
        for flagname, flags in FLAGSETS:
            complete = "-c" in flags
            qfile = name + (".qrels" if complete else ".qrels_in_run")
            cmd = [TREC_EVAL] + flags + [os.path.join(HERE, qfile), os.path.join(HERE, name + ".run")]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            outname = "%s.%s.out" % (name, flagname)
            with open(os.path.join(HERE, outname), "w") as f:
                f.write(out)
            manifest.append({"case": name, "flags": flags, "qrels": name + ".qrels",
                             "run": name + ".run", "out": outname})
    write_tables("graded", *cases["graded"])
    manifest.append({"case": "graded-tables", "flags": ["-q"] + ALL, "qrels": "graded.qrels.csv",
                     "run": "runG.jsonl", "out": "graded.all_q.out"})
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
