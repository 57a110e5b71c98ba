#!/usr/bin/python3
"""Reference values for metrics/ope, written to reference.json.

Open Bandit Pipeline (obp, github.com/st-tech/zr-obp, commit
8cbd5fa4558b7ad2ba4781546d6604e4cc3e07c4) and the slate experiments of
Swaminathan et al. 2017 (github.com/adith387/slates_semisynth_expts, commit
1249a04dca9d75985ab70f7d692718dc20dc3932) are run from their sources,
outside this repository, with Debian's python3 packages (numpy 1.24,
scipy 1.10, scikit-learn 1.2, pandas 1.5; obp's package imports also need
python3-torch, -matplotlib, -seaborn, -tqdm and -yaml, for modules not used
here):

    PYTHONPATH=/work/ext/st-tech+zr-obp:/work/ext/adith387+slates_semisynth_expts \\
        /usr/bin/python3 /work/ext/joblib_shim.py gen_reference.py

slates_semisynth_expts' Policy.py does `from sklearn.externals import
joblib`, which scikit-learn removed in 0.23; joblib_shim.py (outside the
repository) only sets `sklearn.externals.joblib = joblib` (and registers
the module name) before running this script with runpy.

Sections, each on data drawn here from a seeded numpy Generator:
  bandit: events (logged action, propensity, reward), the target policy's
          action probabilities and a reward model's predictions per action;
          obp.ope InverseProbabilityWeighting (lambda_ inf and 5),
          SelfNormalizedInverseProbabilityWeighting, DirectMethod,
          DoublyRobust (lambda_ inf and 5): estimate_policy_value, and
          estimate_interval (10000 resamples) of IPW, DM and DR;
  slate:  slates logged by a policy choosing each position's item
          independently, per-position rewards; obp.ope.SlateIndependentIPS;
          and, for uniform logging with repetitions and a deterministic
          target, the running estimate of Estimators.UniformPI.
"""
import json
import types

import numpy as np
import obp
from obp.ope import (DirectMethod, DoublyRobust, InverseProbabilityWeighting,
                     SelfNormalizedInverseProbabilityWeighting,
                     SlateIndependentIPS)

import Estimators
import Policy

rng = np.random.default_rng(20240518)


def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def bandit_case(name, n, n_actions, deterministic_target):
    context = rng.normal(size=(n, 3))
    theta = rng.normal(size=(3, n_actions))
    q_true = 1 / (1 + np.exp(-(context @ theta)))            # expected reward
    pi_b = softmax(0.5 * rng.normal(size=(n, n_actions)) + context @ theta * 0.3)
    action = np.array([rng.choice(n_actions, p=p) for p in pi_b])
    pscore = pi_b[np.arange(n), action]
    reward = (rng.random(n) < q_true[np.arange(n), action]).astype(float)
    if deterministic_target:
        target = np.eye(n_actions)[np.argmax(q_true + 0.3 * rng.normal(size=q_true.shape), axis=1)]
    else:
        target = softmax(2 * (context @ theta))
    q_hat = np.clip(q_true + 0.1 * rng.normal(size=q_true.shape), 0, 1)  # an imperfect reward model
    action_dist = target[:, :, None]
    q3 = q_hat[:, :, None]
    kw = dict(reward=reward, action=action, pscore=pscore, action_dist=action_dist,
              estimated_rewards_by_reg_model=q3)
    values = {
        "ips": InverseProbabilityWeighting().estimate_policy_value(**kw),
        "ips_clip5": InverseProbabilityWeighting(lambda_=5).estimate_policy_value(**kw),
        "snips": SelfNormalizedInverseProbabilityWeighting().estimate_policy_value(**kw),
        "dm": DirectMethod().estimate_policy_value(**kw),
        "dr": DoublyRobust().estimate_policy_value(**kw),
        "dr_clip5": DoublyRobust(lambda_=5).estimate_policy_value(**kw),
    }
    intervals = {}
    for key, est in [("ips", InverseProbabilityWeighting()), ("dm", DirectMethod()), ("dr", DoublyRobust())]:
        ci = est.estimate_interval(**kw, alpha=0.05, n_bootstrap_samples=10000, random_state=1)
        intervals[key] = [float(ci["95.0% CI (lower)"]), float(ci["95.0% CI (upper)"])]
    return {
        "name": name,
        "action": [int(a) for a in action], "pscore": pscore.tolist(), "reward": reward.tolist(),
        "target": target.tolist(), "q_hat": q_hat.tolist(),
        "values": {k: float(v) for k, v in values.items()}, "intervals": intervals,
    }


def slate_case(n, len_list, n_items):
    # Each position draws its item independently from its own softmax over
    # n_items candidates (repetitions across positions allowed).
    logits_b = rng.normal(size=(n, len_list, n_items))
    logits_e = logits_b + rng.normal(size=(n, len_list, n_items))
    pb = np.exp(logits_b) / np.exp(logits_b).sum(axis=2, keepdims=True)
    pe = np.exp(logits_e) / np.exp(logits_e).sum(axis=2, keepdims=True)
    items = np.array([[rng.choice(n_items, p=pb[i, j]) for j in range(len_list)] for i in range(n)])
    attract = rng.random(n_items)
    reward = (rng.random((n, len_list)) < attract[items] / (1 + np.arange(len_list))).astype(float)
    idx_i, idx_j = np.meshgrid(np.arange(n), np.arange(len_list), indexing="ij")
    pscore = pb[idx_i, idx_j, items]
    epscore = pe[idx_i, idx_j, items]
    iips = SlateIndependentIPS(len_list=len_list).estimate_policy_value(
        slate_id=idx_i.reshape(-1), reward=reward.reshape(-1), position=idx_j.reshape(-1),
        pscore_item_position=pscore.reshape(-1),
        evaluation_policy_pscore_item_position=epscore.reshape(-1))
    return {"items": items.tolist(), "pscore": pscore.tolist(), "target_pscore": epscore.tolist(),
            "reward": reward.tolist(), "iips": float(iips)}


def uniform_pi_case(n, len_list, n_items):
    # Uniform logging with repetitions, a deterministic target slate per
    # query; Swaminathan et al.'s own UniformPI on their Gamma pseudo-inverse.
    dataset = types.SimpleNamespace(name="synthetic", docsPerQuery=np.full(n, n_items), mask=None)
    logging = types.SimpleNamespace(name="Unif-Rep", dataset=dataset,
                                    gammas={n_items: Policy.UniformGamma(n_items, len_list, True)[1]})
    target = types.SimpleNamespace(name="target", dataset=dataset)
    estimator = Estimators.UniformPI(len_list, logging, target)
    attract = rng.random((n, n_items))
    logged, targets, rewards, estimate = [], [], [], None
    for q in range(n):
        s = rng.integers(0, n_items, len_list)
        t = np.argsort(-attract[q])[:len_list]
        r = (rng.random(len_list) < attract[q, s] / (1 + np.arange(len_list))).astype(float)
        estimate = estimator.estimate(q, s, t, r.sum())
        logged.append(s.tolist()); targets.append(t.tolist()); rewards.append(r.tolist())
    return {"n_items": n_items, "items": logged, "target_items": targets, "reward": rewards,
            "pi": float(estimate)}


out = {
    "sources": {"obp": "github.com/st-tech/zr-obp@8cbd5fa4558b7ad2ba4781546d6604e4cc3e07c4 (obp " + obp.__version__ + ")",
                "slates": "github.com/adith387/slates_semisynth_expts@1249a04dca9d75985ab70f7d692718dc20dc3932"},
    "numpy": np.__version__,
    "bandit": [bandit_case("stochastic target", 400, 5, False),
               bandit_case("deterministic target", 300, 4, True)],
    "slate": slate_case(300, 3, 4),
    "uniform_pi": uniform_pi_case(200, 3, 5),
}
with open("reference.json", "w") as f:
    json.dump(out, f)
    f.write("\n")
