#!/usr/bin/python3
"""Reference outputs of trec_eval 10 for every measure, flag and judgment
format of `mltest rank` (TestRankTrecEval10 in cmd/mltest/rank_trec10_test.go).

Seeded, standard library only. It writes small inputs with graded relevance,
ties, unjudged documents (absent from the qrels, or in them with relevance
-1), a judged query without a relevant document, a judged query the run lacks,
a run query nobody judged, judgment groups (qrels_jg), preferences in several
judgment groups and sub-groups (prefs), and a -Z file; then runs trec_eval
with each command line of CASES and saves its stdout as OUT. cases.json lists
every case: the arguments (as mltest rank takes them, files relative to this
directory), trec_eval's command line that produced the output, and the output
file.

trec_eval is not part of mltest: build it from its public source
(github.com/usnistgov/trec_eval, version 10.0) outside the repository and
name the binary in $TREC_EVAL:

    TREC_EVAL=/path/to/trec_eval /usr/bin/python3 cmd/mltest/testdata/trec10/gen.py

trec_eval exits 4 when a judged query is missing from the run (without -c),
where mltest rank skips it with a warning; for those command lines trec_eval
reads FILE.in_run, the judgments of the run's queries only, which is exactly
the skipping mltest does on FILE. trec_eval reads past its relevance-level
table in bpref and gm_bpref when -l exceeds a query's highest relevance by
more than one, so command lines with -l 2 or more leave those two measures
out (mltest counts 0 there; README lists the difference).
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TREC_EVAL = os.environ.get("TREC_EVAL", "/work/ext/trec_eval/trec_eval")
SEED = 20261204

def docno(rng):
    # Mixed case, digits, a '#', different lengths: byte order matters.
    stem = rng.choice(["AP88", "ap88", "FT9", "WSJ", "d#", "LA0", "Z"])
    return "%s-%0*d" % (stem, rng.choice([3, 4, 5]), rng.randrange(3000))


def make_queries(rng):
    """Judgments (qid -> docno -> rel), judgment groups (qid -> jg -> docno
    -> rel) and the run (qid -> [(docno, score)] in file order)."""
    qrels, groups, run = {}, {}, {}
    kinds = ["graded", "graded", "norel", "ties", "short", "perfect", "missing", "graded", "deep", "ties"]
    for i, kind in enumerate(kinds):
        qid = "q%02d" % (i + 1)
        pool = sorted({docno(rng) for _ in range(rng.randint(8, 40))})
        judged = {}
        for d in pool:
            if kind == "norel":
                rel = 0
            else:
                rel = rng.choice([0, 0, 0, 1, 1, 2, 3])
                if rng.random() < 0.08:
                    rel = -1                      # pooled, unjudged
            judged[d] = rel
        if kind != "norel":
            judged[pool[0]] = 3                   # every query reaches level 3
        qrels[qid] = judged
        # Judgment groups: two or three users; the second disagrees a lot.
        g = {}
        for u in range(rng.randint(2, 3)):
            gj = {}
            for d, rel in judged.items():
                if rng.random() < 0.85:
                    gj[d] = rel if u == 0 or rng.random() < 0.5 else rng.choice([0, 1, 2])
            if not any(v >= 0 for v in gj.values()):
                gj[pool[0]] = 1
            g["user%d" % u] = gj
        groups[qid] = g
        if kind == "missing":
            continue
        n = {"short": rng.randint(2, 6), "deep": rng.randint(120, 160)}.get(kind, rng.randint(15, 60))
        if kind == "perfect":
            docs = sorted(judged, key=lambda d: -judged[d])[:n]
        else:
            cands = list(judged) + [docno(rng) for _ in range(n)]
            rng.shuffle(cands)
            docs = []
            for d in cands:
                if d not in docs:
                    docs.append(d)
                if len(docs) == n:
                    break
        scored = []
        for r, d in enumerate(docs):
            if kind == "perfect":
                s = float(100 - r)
            elif kind == "ties":
                s = float(rng.randint(0, 3))      # many ties, broken by docno
            else:
                s = round(rng.gauss(0, 3), rng.choice([0, 2, 6]))
            scored.append((d, s))
        run[qid] = scored
    run["q99"] = [(docno(rng), float(rng.randint(0, 9))) for _ in range(5)]  # nobody judged it
    return qrels, groups, run


def make_prefs(rng, qrels, run):
    """Preference lines (qid, jg, jsg, docno, level): a JG with one JSG
    (equivalence classes), JGs with several JSGs (a partial order, made
    transitive by trec_eval), level-0 documents, unretrieved judged ones.
    Within one JG a docno keeps one level, so no JG contradicts itself."""
    lines = []
    for qid in sorted(qrels)[:6]:
        docs = sorted(qrels[qid])
        retrieved = [d for d, _ in run.get(qid, [])]
        extra = [d for d in retrieved if d not in docs][:3]
        universe = docs[:12] + extra
        for jg in range(rng.randint(1, 3)):
            level = {d: rng.choice([0.0, 0.0, 1.0, 2.0, 2.5, 4.0]) for d in universe}
            for jsg in range(rng.choice([1, 1, 2, 3])):
                members = rng.sample(universe, min(len(universe), rng.randint(2, 6)))
                for d in members:
                    lines.append((qid, "jg%d" % jg, "s%d" % jsg, d, level[d]))
    return lines


def write_inputs(qrels, groups, run, prefs, rng):
    runq = set(run)
    def w(name, rows):
        with open(os.path.join(HERE, name), "w") as f:
            for r in rows:
                f.write(" ".join(str(x) for x in r) + "\n")
    qrels_rows = [(q, 0, d, rel) for q in sorted(qrels) for d, rel in sorted(qrels[q].items())]
    rng.shuffle(qrels_rows)
    w("ref.qrels", qrels_rows)
    w("ref.qrels.in_run", [r for r in qrels_rows if r[0] in runq])
    # For -R qrels_prefs: trec_eval's prefs_avgjg_Rnonrel reads past its
    # lowest class of documents when that class (level -1) holds fewer
    # documents than the group has relevant ones; without negative levels it
    # does not.
    w("ref.qrels_pos", [r for r in qrels_rows if r[3] >= 0])
    w("ref.qrels_pos.in_run", [r for r in qrels_rows if r[3] >= 0 and r[0] in runq])
    jg_rows = [(q, u, d, rel) for q in sorted(groups) for u in sorted(groups[q]) for d, rel in sorted(groups[q][u].items())]
    rng.shuffle(jg_rows)
    w("ref.qrels_jg", jg_rows)
    w("ref.qrels_jg.in_run", [r for r in jg_rows if r[0] in runq])
    run_rows = []
    for q in sorted(run):
        for r, (d, s) in enumerate(run[q]):
            run_rows.append((q, "Q0", d, r + 1, repr(s) if rng.random() < 0.5 else "%g" % s, "refRun"))
    rng.shuffle(run_rows)                     # the order of lines must not matter
    w("ref.run", run_rows)
    w("ref.prefs", prefs)
    w("ref.prefs.in_run", [p for p in prefs if p[0] in runq])
    # -Z: reference means and deviations for some queries and measures; q05
    # has none (every value prints -1000000), stddev 0 where the value may
    # or may not equal the mean.
    z = []
    for q in sorted(qrels):
        if q == "q05":
            continue
        for m in ["num_ret", "num_rel", "map", "P_5", "P_10", "ndcg", "bpref", "recip_rank",
                  "success_1", "iprec_at_recall_0.00", "gm_map", "Rprec", "relstring"]:
            if rng.random() < 0.8:
                std = 0.0 if m in ("success_1", "num_rel") else round(rng.uniform(0.05, 0.4), 4)
                mean = round(rng.uniform(0, 1), 4) if m not in ("num_ret", "num_rel") else float(rng.randint(5, 40))
                z.append((q, m, "%.4f" % mean, "%.4f" % std))
    w("ref.zscores", z)


NO_BPREF = [a for m in ["runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map",
                        "Rprec", "recip_rank", "iprec_at_recall", "P", "relstring",
                        "recall", "unj", "rbp", "rbp_resid", "infAP",
                        "utility", "11pt_avg", "ndcg", "relative_P", "Rprec_mult", "success",
                        "map_cut", "ndcg_cut", "ndcg_rel", "Rndcg", "binG", "G",
                        "set_P", "set_recall", "set_relative_P", "set_map", "set_F",
                        "num_nonrel_judged_ret", "dcg", "ideal_dcg"] for a in ("-m", m)]

# yaap is left out where rbp is computed: trec_eval's rbp reads two
# uninitialized variables, left over from the measure computed before it,
# which are 0 after num_nonrel_judged_ret (all_trec's order) but not after
# yaap.
EVERY = ["-m", "all_trec", "-m", "dcg", "-m", "ideal_dcg"]

PARAMS = ["-m", "utility.1,-2,0.5,0.01", "-N", "100000", "-m", "relstring.5",
          "-m", "ndcg.0=1,1=2,2=4,3=8", "-m", "G.1=0.5,2=2", "-m", "rbp.p=0.5",
          "-m", "rbp_resid.p=0.8", "-m", "set_F.0.5", "-m", "11pt_avg.0,0.5,1",
          "-m", "iprec_at_recall.0,0.33,1", "-m", "Rprec_mult.0.5,1,3", "-m", "unj.1,2,50",
          "-m", "ndcg_rel.2=0.5", "-m", "Rndcg.1=1.5", "-m", "map_cut.1,7,200",
          "-m", "relative_P.3,40", "-m", "success.1,3", "-m", "P.9", "-m", "recall.9",
          "-m", "ndcg_cut.3,8.9"]

# name, arguments (qrels and run files appended), reads ".in_run" qrels for trec_eval
CASES = [
    ("official", [], "qrels"),
    ("official_q", ["-q"], "qrels"),
    ("every_q", ["-q"] + EVERY, "qrels"),
    ("every_c_q", ["-q", "-c"] + EVERY, "qrels"),
    ("every_l0_q", ["-q", "-l", "0"] + EVERY, "qrels"),
    ("every_lneg_q", ["-q", "-l", "-1"] + EVERY, "qrels"),
    ("nobpref_l2_q", ["-q", "-l", "2"] + NO_BPREF, "qrels"),
    ("nobpref_l3_c", ["-c", "-l", "3"] + NO_BPREF, "qrels"),
    ("every_M5_q", ["-q", "-M", "5"] + EVERY, "qrels"),
    ("every_M0_q", ["-q", "-M", "0"] + EVERY, "qrels"),
    ("every_M0_c", ["-c", "-M", "0"] + EVERY, "qrels"),
    ("every_J_q", ["-q", "-J"] + EVERY, "qrels"),
    ("every_J_c_M10", ["-J", "-c", "-M", "10"] + EVERY, "qrels"),
    ("nobpref_J_l2_c_q", ["-q", "-J", "-c", "-l", "2"] + NO_BPREF, "qrels"),
    ("params_q", ["-q"] + PARAMS, "qrels"),
    ("params_c_q", ["-q", "-c"] + PARAMS + ["-m", "utility", "-m", "rbp_resid", "-m", "relstring"], "qrels"),
    # trec_eval shares one parameter table between ndcg, dcg and ideal_dcg
    # and crashes when two of them are asked for and one has parameters:
    # each gets its own command line. Gains less than 1 apart exercise
    # trec_eval's sort of the gains (glibc's merge sort, truncated compare).
    ("gains_dcg_q", ["-q", "-m", "dcg", "-m", "dcg.1=2.5,2=2.9", "-m", "num_nonrel_judged_ret", "-m", "rbp.1=0.5,2=0.9"], "qrels"),
    ("gains_ideal_q", ["-q", "-m", "ideal_dcg.1=2.5,2=2.9,x=1", "-m", "G.3=2.2", "-m", "yaap"], "qrels"),
    ("yaap_lneg_q", ["-q", "-l", "-1", "-m", "yaap", "-m", "gm_map", "-m", "gm_bpref"], "qrels"),
    ("set_n_q", ["-q", "-n", "-m", "set"], "qrels"),
    ("debug_query", ["-q", "-D", "0.q03", "-m", "official"], "qrels"),
    ("getopt_short", ["-qc", "-mall_trec", "-M20", "-l1", "-mP.5,7"], "qrels"),
    ("getopt_long", ["--query_eval_wanted", "--measure=P.5", "--Max_retrieved_per_topic", "10",
                     "--level_for_rel=2", "--meas", "recall.3", "--nosummary", "-o"], "qrels"),
    ("zscores_q", ["-q", "-m", "all_trec", "-Z", "ref.zscores"], "qrels"),
    ("zscores_c", ["-c", "-m", "official", "-Z", "ref.zscores"], "qrels"),
    ("jg_q", ["-q", "-R", "qrels_jg", "-m", "qrels_jg"], "qrels_jg"),
    ("jg_c_q", ["-q", "-c", "-R", "qrels_jg", "-m", "qrels_jg", "-m", "P_avgjg.3,7", "-m", "Rprec_mult_avgjg.0.5,1.5"], "qrels_jg"),
    ("jg_J_M8_l2_q", ["-q", "-J", "-M", "8", "-l", "2", "-R", "qrels_jg", "-m", "qrels_jg"], "qrels_jg"),
    ("prefs_q", ["-q", "-R", "prefs", "-m", "all_prefs"], "prefs"),
    ("prefs_c_M10_q", ["-q", "-c", "-M", "10", "-R", "prefs", "-m", "all_prefs"], "prefs"),
    ("qrels_prefs_q", ["-q", "-R", "qrels_prefs", "-m", "all_prefs"], "qrels_pos"),
    ("qrels_prefs_c", ["-c", "-R", "qrels_prefs", "-m", "all_prefs"], "qrels_pos"),
    # Recall levels outside [0, 1] are trec_eval's to take: above 1 no
    # rank reaches them (0), below 0 every one does (the highest precision).
    ("iprec_levels_q", ["-q", "-m", "iprec_at_recall.1.5", "-m", "iprec_at_recall.-0.5,0.3,2",
                        "-m", "11pt_avg.0.2,1.5", "-m", "ndcg_cut.10,20,23.4"], "qrels"),
    ("iprec_neg_c_q", ["-q", "-c", "-m", "iprec_at_recall.-0.5,0.3,2"], "qrels"),
]


def main():
    rng = random.Random(SEED)
    qrels, groups, run = make_queries(rng)
    prefs = make_prefs(rng, qrels, run)
    write_inputs(qrels, groups, run, prefs, rng)
    manifest = []
    for name, args, kind in CASES:
        complete = "-c" in args or "-qc" in args
        judgments = "ref." + kind
        te_judgments = judgments if complete else judgments + ".in_run"
        te_cmd = [TREC_EVAL] + args + [te_judgments, "ref.run"]
        out = subprocess.run(te_cmd, cwd=HERE, check=True, capture_output=True, text=True).stdout
        outname = name + ".out"
        with open(os.path.join(HERE, outname), "w") as f:
            f.write(out)
        manifest.append({"name": name, "args": args + [judgments, "ref.run"],
                         "trec_eval": " ".join(["trec_eval"] + te_cmd[1:]), "out": outname})
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
