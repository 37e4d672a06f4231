"""Cross-checks heatloop's evaluation metrics against independent published Python packages.

The same cases go to our implementation (the test-only `eval_json` program, path in the
HEATLOOP_EVAL_JSON environment variable) and to:
- range-based precision/recall (Tatbul et al. 2018): `tsadmetrics` (RangebasedFScore) and
  `prts` (the implementation aeon and TimeEval build on);
- the NAB score: NAB's own `Sweeper` scorer as vendored in `tsadmetrics`
  (tsadmetrics.utils.functions_nabscore), with NAB's three application profiles;
- ROC-AUC and average precision: scikit-learn; the Wilcoxon signed-rank test: SciPy
  (both come with mlflow);
- VUS-ROC and VUS-PR: TSB-AD 1.5 (`TSB_AD.evaluation.metrics.get_metrics` with its defaults
  and `TSB_AD.evaluation.basic_metrics.generate_curve` for other windows);
- affiliation precision/recall: the `affiliation` package as shipped in TSB-AD 1.5
  (`TSB_AD.evaluation.affiliation.metrics.pr_from_events`);
- classification: scikit-learn (accuracy, balanced accuracy, F1, ROC-AUC, average precision,
  Brier score, confusion matrix); disaggregation: numpy formulas and scikit-learn;
  forecasting per horizon step and pooled: scikit-learn.

TSB-AD is installed with --no-deps (tests/crosscheck/requirements-nodeps.txt): only its
evaluation modules are imported, which need numpy and scikit-learn, not torch. A missing
reference package fails the test (ImportError), it is never skipped.
"""

import json
import os
import subprocess

import numpy as np
import pytest

PROFILES = {
    "standard": {"tpWeight": 1.0, "fpWeight": 0.11, "fnWeight": 1.0},
    "reward_low_FP_rate": {"tpWeight": 1.0, "fpWeight": 0.22, "fnWeight": 1.0},
    "reward_low_FN_rate": {"tpWeight": 1.0, "fpWeight": 0.11, "fnWeight": 2.0},
}
PIPELINE_NAB = {
    "standard": "nab_standard",
    "reward_low_FP_rate": "nab_reward_low_fp_rate",
    "reward_low_FN_rate": "nab_reward_low_fn_rate",
}


def _nan_to_none(v):
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, list):
        return [_nan_to_none(x) for x in v]
    if isinstance(v, dict):
        return {k: _nan_to_none(x) for k, x in v.items()}
    return v


def ours(case: dict) -> dict:
    binary = os.environ.get("HEATLOOP_EVAL_JSON")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail(f"HEATLOOP_EVAL_JSON must name the built eval_json program (got {binary!r})")
    proc = subprocess.run([binary], input=json.dumps(_nan_to_none(case)), capture_output=True,
                          text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def random_ranges(rng, n: int, count: int, max_len: int) -> list:
    """Up to `count` disjoint, non-touching inclusive ranges in [0, n)."""
    starts = sorted(rng.choice(n, size=count, replace=False).tolist())
    out = []
    for s in starts:
        e = min(n - 1, s + int(rng.integers(0, max_len)))
        if out and s <= out[-1][1] + 1:
            continue
        out.append([s, e])
    return out


def to_mask(n: int, ranges: list) -> np.ndarray:
    m = np.zeros(n, dtype=int)
    for a, b in ranges:
        m[a : b + 1] = 1
    return m


def cases(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(30, 400))
        real = random_ranges(rng, n, int(rng.integers(1, 6)), 40)
        pred = random_ranges(rng, n, int(rng.integers(1, 8)), 30)
        yield n, real, pred


# ---------------------------------------------------------------- range-based (Tatbul)

RANGE_SETTINGS = [
    (alpha, bias, card)
    for alpha in (0.0, 0.5, 1.0)
    for bias in ("flat", "front", "back", "middle")
    for card in ("one", "reciprocal")
]


@pytest.mark.parametrize("alpha,bias,card", RANGE_SETTINGS)
def test_range_based_matches_tsadmetrics(alpha, bias, card):
    from tsadmetrics.metrics.tem.tpdm.RangebasedFScore import RangebasedFScore

    metric = RangebasedFScore(p_alpha=0.0, r_alpha=alpha, p_bias=bias, r_bias=bias,
                              cardinality_mode=card)
    for n, real, pred in cases(seed=1, count=25):
        got = ours({"n": n, "real": real, "pred": pred,
                    "range": {"alpha": alpha, "bias": bias, "cardinality": card}})
        r, p = metric._prepare_data(to_mask(n, real), to_mask(n, pred))
        assert got["range"]["recall"] == pytest.approx(metric._compute_recall(r, p), abs=1e-12)
        assert got["range"]["precision"] == pytest.approx(metric._compute_precision(r, p),
                                                          abs=1e-12)
        # The whole unit evaluation (labels and alarms on a time axis) gives the same.
        assert got["pipeline"]["range_recall"] == pytest.approx(got["range"]["recall"], abs=1e-12)
        assert got["pipeline"]["range_precision"] == pytest.approx(got["range"]["precision"],
                                                                   abs=1e-12)


@pytest.mark.parametrize("alpha,bias,card", RANGE_SETTINGS)
def test_range_based_matches_prts(alpha, bias, card):
    import prts  # installed by `make venv` (tests/crosscheck/requirements-nodeps.txt)
    for n, real, pred in cases(seed=2, count=25):
        got = ours({"n": n, "real": real, "pred": pred,
                    "range": {"alpha": alpha, "bias": bias, "cardinality": card}})
        real_m, pred_m = to_mask(n, real), to_mask(n, pred)
        want_r = prts.ts_recall(real_m, pred_m, alpha=alpha, cardinality=card, bias=bias)
        want_p = prts.ts_precision(real_m, pred_m, alpha=0.0, cardinality=card, bias=bias)
        assert got["range"]["recall"] == pytest.approx(want_r, abs=1e-12)
        assert got["range"]["precision"] == pytest.approx(want_p, abs=1e-12)


def test_range_based_prediction_spanning_two_labels():
    from tsadmetrics.metrics.tem.tpdm.RangebasedFScore import RangebasedFScore

    metric = RangebasedFScore(p_alpha=0.0, r_alpha=0.0, p_bias="flat", r_bias="flat",
                              cardinality_mode="reciprocal")
    n, real, pred = 40, [[5, 10], [15, 20]], [[8, 17], [30, 31]]
    got = ours({"n": n, "real": real, "pred": pred})
    r, p = metric._prepare_data(to_mask(n, real), to_mask(n, pred))
    assert got["range"]["recall"] == pytest.approx(metric._compute_recall(r, p), abs=1e-12)
    assert got["range"]["precision"] == pytest.approx(metric._compute_precision(r, p), abs=1e-12)


# ---------------------------------------------------------------- NAB


def nab_reference(n: int, real: list, detections: list, profile: str) -> float:
    """NAB's normalised score: Sweeper sums for raw, null and perfect detectors."""
    from tsadmetrics.utils.functions_nabscore import Sweeper

    def score(points):
        sweeper = Sweeper(probationPercent=0, costMatrix=PROFILES[profile])
        flags = np.zeros(n)
        flags[list(points)] = 1.0
        rows = sweeper.calcSweepScore(list(range(n)), flags, [tuple(w) for w in real], "unit")
        by_threshold = sweeper.calcScoreByThreshold(rows)
        # The row of threshold 1.1 has no detection; the row of 1.0 has the flagged points.
        null_row = next(r for r in by_threshold if r.threshold == 1.1)
        flagged = [r for r in by_threshold if r.threshold == 1.0]
        return null_row.score, (flagged[0] if flagged else null_row).score

    null, raw = score(detections)
    _, perfect = score([w[0] for w in real])
    return 100.0 * (raw - null) / (perfect - null)


@pytest.mark.parametrize("profile", list(PROFILES))
def test_nab_matches_numenta_sweeper(profile):
    rng = np.random.default_rng(3)
    for n, real, _ in cases(seed=3, count=30):
        count = int(rng.integers(0, 12))
        detections = sorted(set(rng.integers(0, n, size=count).tolist()))
        got = ours({"n": n, "real": real, "pred": [], "detections": detections})
        want = nab_reference(n, real, detections, profile)
        assert got["nab"][profile]["score"] == pytest.approx(want, abs=1e-9), (n, real, detections)


@pytest.mark.parametrize("profile", list(PROFILES))
def test_nab_of_alarms_counts_each_alarm_where_it_is_raised(profile):
    # Through the unit evaluation an alarm is one detection at its first sample.
    for n, real, pred in cases(seed=4, count=20):
        got = ours({"n": n, "real": real, "pred": pred})
        want = nab_reference(n, real, [p[0] for p in pred], profile)
        assert got["pipeline"][PIPELINE_NAB[profile]] == pytest.approx(want, abs=1e-9)


def test_nab_one_sample_window_and_late_false_positive():
    n, real = 50, [[10, 10], [20, 29]]
    detections = [11, 12, 25, 45]
    got = ours({"n": n, "real": real, "pred": [], "detections": detections})
    for profile in PROFILES:
        assert got["nab"][profile]["score"] == pytest.approx(
            nab_reference(n, real, detections, profile), abs=1e-9)


# ---------------------------------------------------------------- ranking and Wilcoxon


def test_roc_auc_and_average_precision_match_scikit_learn():
    from sklearn.metrics import average_precision_score, roc_auc_score

    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(10, 300))
        truth = (rng.random(n) < 0.2).astype(int)
        truth[0], truth[1] = 1, 0
        # Rounded scores: many ties, which must be handled as scikit-learn does.
        scores = np.round(rng.random(n) + 0.5 * truth, 1)
        got = ours({"n": n, "real": [], "pred": [], "scores": scores.tolist(),
                    "truth": truth.tolist()})
        assert got["roc_auc"] == pytest.approx(roc_auc_score(truth, scores), abs=1e-12)
        assert got["average_precision"] == pytest.approx(
            average_precision_score(truth, scores), abs=1e-12)


def test_wilcoxon_matches_scipy():
    from scipy.stats import wilcoxon

    rng = np.random.default_rng(6)
    for _ in range(20):  # no ties, small n: exact
        n = int(rng.integers(3, 30))
        d = (rng.permutation(n) + 1) * rng.choice([-1, 1], size=n) + 0.25
        got = ours({"n": 0, "real": [], "pred": [], "differences": d.tolist()})
        assert got["wilcoxon"]["exact"]
        assert got["wilcoxon"]["p_value"] == pytest.approx(
            wilcoxon(d, method="exact").pvalue, rel=1e-9)
    for _ in range(20):  # ties and zeros: normal approximation with both corrections
        n = int(rng.integers(8, 80))
        d = rng.integers(-4, 6, size=n).astype(float)
        if np.count_nonzero(d) == 0:
            continue
        got = ours({"n": 0, "real": [], "pred": [], "differences": d.tolist()})
        assert not got["wilcoxon"]["exact"]
        want = wilcoxon(d, zero_method="wilcox", correction=True, method="approx").pvalue
        assert got["wilcoxon"]["p_value"] == pytest.approx(want, rel=1e-9)


# ---------------------------------------------------------------- VUS and affiliation (TSB-AD)


def anomaly_series(rng, n: int, runs: int, max_len: int, signal: float, decimals=None):
    """Scores with `runs` labelled stretches raised by `signal` (rounded: ties)."""
    truth = np.zeros(n, dtype=int)
    for _ in range(runs):
        a = int(rng.integers(0, n))
        truth[a : a + int(rng.integers(1, max_len))] = 1
    scores = rng.random(n) + signal * truth * rng.random()
    if decimals is not None:
        scores = np.round(scores, decimals)
    return scores, truth


VUS_SERIES = [  # seed, n, runs, max_len, signal, decimals
    (11, 400, 2, 30, 1.0, None),
    (12, 1500, 4, 80, 0.6, None),
    (13, 900, 6, 15, 0.3, 1),  # many ties
    (14, 2500, 1, 300, 0.8, 2),  # one long anomaly
]


@pytest.mark.parametrize("seed,n,runs,max_len,signal,decimals", VUS_SERIES)
def test_vus_matches_tsb_ad_get_metrics(seed, n, runs, max_len, signal, decimals):
    from TSB_AD.evaluation.metrics import get_metrics

    scores, truth = anomaly_series(np.random.default_rng(seed), n, runs, max_len, signal,
                                   decimals)
    want = get_metrics(scores, truth)  # defaults: slidingWindow=100, version='opt', thre=250
    got = ours({"scores": scores.tolist(), "truth": truth.tolist()})
    assert got["vus"]["roc"] == pytest.approx(want["VUS-ROC"], abs=1e-6)
    assert got["vus"]["pr"] == pytest.approx(want["VUS-PR"], abs=1e-6)
    # TSB-AD's AUC-ROC and AUC-PR are scikit-learn's: ours agree as well.
    assert got["roc_auc"] == pytest.approx(want["AUC-ROC"], abs=1e-12)
    assert got["average_precision"] == pytest.approx(want["AUC-PR"], abs=1e-12)


def test_vus_matches_tsb_ad_other_windows_and_thresholds():
    from TSB_AD.evaluation.basic_metrics import generate_curve

    rng = np.random.default_rng(15)
    for _ in range(25):
        n = int(rng.integers(20, 1200))
        scores, truth = anomaly_series(rng, n, int(rng.integers(1, 8)), 50, 0.7,
                                       rng.choice([None, 1]))
        if truth.all() or not truth.any():
            continue
        window = int(rng.choice([0, 1, 2, 5, 16, 100, 250]))
        thre = int(rng.choice([2, 10, 250, 1000]))
        *_, want_roc, want_pr = generate_curve(truth, scores, window, "opt", thre)
        got = ours({"scores": scores.tolist(), "truth": truth.tolist(),
                    "vus": {"sliding_window": window, "thresholds": thre}})
        assert got["vus"]["roc"] == pytest.approx(want_roc, abs=1e-6), (n, window, thre)
        assert got["vus"]["pr"] == pytest.approx(want_pr, abs=1e-6), (n, window, thre)


def test_vus_through_the_unit_evaluation():
    # Labels and alarms on a time axis, no ignore regions: the unit's VUS is the series'.
    for n, real, pred in cases(seed=16, count=10):
        rng = np.random.default_rng(n)
        truth = to_mask(n, real)
        scores = (rng.random(n) + 0.5 * truth).round(2)
        got = ours({"n": n, "real": real, "pred": pred, "scores": scores.tolist(),
                    "truth": truth.tolist()})
        assert got["pipeline"]["vus_roc"] == pytest.approx(got["vus"]["roc"], abs=1e-12)
        assert got["pipeline"]["vus_pr"] == pytest.approx(got["vus"]["pr"], abs=1e-12)


def affiliation_reference(n: int, truth: np.ndarray, pred: np.ndarray):
    from TSB_AD.evaluation.affiliation.generics import convert_vector_to_events
    from TSB_AD.evaluation.affiliation.metrics import pr_from_events

    r = pr_from_events(convert_vector_to_events(pred), convert_vector_to_events(truth), (0, n))
    return r["Affiliation_Precision"], r["Affiliation_Recall"]


def approx_or_null(got, want, tol):
    if want is None or (isinstance(want, float) and np.isnan(want)):
        return got is None
    return got == pytest.approx(want, abs=tol)


def test_affiliation_matches_tsb_ad():
    for n, real, pred in cases(seed=17, count=60):
        got = ours({"n": n, "real": real, "pred": pred})
        want_p, want_r = affiliation_reference(n, to_mask(n, real), to_mask(n, pred))
        assert approx_or_null(got["affiliation"]["precision"], want_p, 1e-9), (n, real, pred)
        assert got["affiliation"]["recall"] == pytest.approx(want_r, abs=1e-9), (n, real, pred)
        # The unit evaluation (no ignore regions) gives the same.
        assert approx_or_null(got["pipeline"]["affiliation_precision"], want_p, 1e-9)
        assert got["pipeline"]["affiliation_recall"] == pytest.approx(want_r, abs=1e-9)


def test_affiliation_edge_cases_match_tsb_ad():
    edge = [
        (10, [[0, 9]], [[0, 9]]),  # everything anomalous and predicted
        (10, [[0, 0]], [[9, 9]]),  # events at both ends
        (30, [[5, 6], [20, 25]], []),  # no prediction: precision undefined, recall 0
        (30, [[5, 6], [20, 25]], [[0, 29]]),  # one prediction across every zone
        (30, [[10, 12]], [[2, 3], [11, 11], [27, 29]]),
    ]
    for n, real, pred in edge:
        got = ours({"n": n, "real": real, "pred": pred})
        want_p, want_r = affiliation_reference(n, to_mask(n, real), to_mask(n, pred))
        assert approx_or_null(got["affiliation"]["precision"], want_p, 1e-9), (n, real, pred)
        assert got["affiliation"]["recall"] == pytest.approx(want_r, abs=1e-9), (n, real, pred)


# ---------------------------------------------------------------- classification


def test_classification_matches_scikit_learn():
    from sklearn.metrics import (accuracy_score, average_precision_score,
                                 balanced_accuracy_score, brier_score_loss, confusion_matrix,
                                 f1_score, roc_auc_score)

    rng = np.random.default_rng(18)
    for k in range(30):
        n = int(rng.integers(5, 400))
        truth = (rng.random(n) < rng.uniform(0.1, 0.6)).astype(int)
        truth[0], truth[1] = 1, 0
        prob = np.clip(rng.random(n) * 0.7 + 0.3 * truth, 0, 1)
        if k % 3 == 0:
            prob = prob.round(1)  # ties, and probabilities exactly at the threshold
        threshold = 0.5 if k % 2 == 0 else float(rng.uniform(0.2, 0.8))
        missing = rng.random(n) < 0.05
        missing[:2] = False
        sent = np.where(missing, np.nan, prob)
        got = ours({"classification": {"probability": sent.tolist(), "truth": truth.tolist(),
                                       "threshold": threshold}})["classification"]
        y, p = truth[~missing], prob[~missing]
        pred = (p >= threshold).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
        assert got["n"] == len(y)
        assert got["confusion"] == {"tp": tp, "fp": fp, "tn": tn, "fn": fn}
        assert got["accuracy"] == pytest.approx(accuracy_score(y, pred), abs=1e-12)
        assert got["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(y, pred),
                                                         abs=1e-12)
        assert got["f1"] == pytest.approx(f1_score(y, pred, zero_division=0), abs=1e-12)
        assert got["roc_auc"] == pytest.approx(roc_auc_score(y, p), abs=1e-12)
        assert got["pr_auc"] == pytest.approx(average_precision_score(y, p), abs=1e-12)
        assert got["brier"] == pytest.approx(brier_score_loss(y, p), abs=1e-12)


# ---------------------------------------------------------------- disaggregation


def test_disaggregation_matches_numpy_formulas():
    from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

    rng = np.random.default_rng(19)
    for _ in range(30):
        n = int(rng.integers(3, 500))
        # A heat pump's power: off (0) or 1-3 kW, and an estimate with errors.
        y = np.where(rng.random(n) < 0.4, 0.0, rng.uniform(1.0, 3.0, n))
        y[0] = 2.0
        yhat = np.clip(y + rng.normal(0, 0.4, n), 0, None)
        missing = rng.random(n) < 0.05
        missing[0] = False
        got = ours({"disaggregation": {"truth": np.where(missing, np.nan, y).tolist(),
                                       "estimate": yhat.tolist()}})["disaggregation"]
        y, yhat = y[~missing], yhat[~missing]
        assert got["n"] == len(y)
        nde = np.sqrt(np.sum((y - yhat) ** 2) / np.sum(y ** 2))
        sae = abs(np.sum(yhat) - np.sum(y)) / np.sum(y)
        assert got["nde"] == pytest.approx(nde, rel=1e-12)
        assert got["sae"] == pytest.approx(sae, rel=1e-9, abs=1e-12)
        assert got["mae"] == pytest.approx(mean_absolute_error(y, yhat), rel=1e-12)
        assert got["rmse"] == pytest.approx(np.sqrt(mean_squared_error(y, yhat)), rel=1e-12)
        if len(y) > 1 and np.ptp(y) > 0:
            assert got["r2"] == pytest.approx(r2_score(y, yhat), rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------- forecasting


def sklearn_forecast(y, yhat):
    from sklearn.metrics import (mean_absolute_error, mean_absolute_percentage_error,
                                 mean_squared_error, r2_score)

    ok = np.isfinite(y) & np.isfinite(yhat)
    y, yhat = y[ok], yhat[ok]
    return {"n": len(y), "rmse": np.sqrt(mean_squared_error(y, yhat)),
            "mae": mean_absolute_error(y, yhat),
            "mape": 100.0 * mean_absolute_percentage_error(y, yhat),
            "r2": r2_score(y, yhat)}


def test_forecast_by_step_matches_scikit_learn():
    rng = np.random.default_rng(20)
    for _ in range(20):
        n = int(rng.integers(10, 300))
        steps = int(rng.integers(1, 6))
        # A supply temperature, never 0 (MAPE divides by it; sklearn and we treat 0 apart).
        y = 35 + 5 * np.sin(np.arange(n) / 10) + rng.normal(0, 1, n)
        by_step = []
        for h in range(steps):
            f = y + rng.normal(0, 0.5 * (h + 1), n)
            f[: h + 1] = np.nan  # no forecast h + 1 steps ahead of the first samples
            by_step.append(f)
        got = ours({"forecast": {"actual": y.tolist(),
                                 "by_step": [f.tolist() for f in by_step]}})["forecast"]
        assert len(got["steps"]) == steps
        for h, f in enumerate(by_step):
            want = sklearn_forecast(y, f)
            step = got["steps"][h]
            assert step["step"] == h + 1 and step["n"] == want["n"]
            for key in ("rmse", "mae", "mape", "r2"):
                assert step[key] == pytest.approx(want[key], rel=1e-9), (h, key)
        pooled = sklearn_forecast(np.tile(y, steps), np.concatenate(by_step))
        for key in ("n", "rmse", "mae", "mape", "r2"):
            assert got["pooled"][key] == pytest.approx(pooled[key], rel=1e-9), key


# ---------------------------------------------------------------- catalogue


def test_every_reported_metric_is_in_the_catalogue():
    n, real, pred = 50, [[5, 9]], [[7, 8]]
    got = ours({"n": n, "real": real, "pred": pred, "catalogue": True,
                "classification": {"probability": [0.2, 0.8], "truth": [0, 1]},
                "disaggregation": {"truth": [1.0, 2.0], "estimate": [1.0, 1.5]},
                "forecast": {"actual": [1.0, 2.0], "by_step": [[1.0, 2.5]]}})
    catalogue = {m["name"]: m for m in got["catalogue"]}
    counts = {"n", "threshold", "confusion", "mape_skipped", "step"}
    for key in got["pipeline"]:
        assert "detection" in catalogue[key]["kinds"], key
    for kind, keys in (("classification", got["classification"]),
                       ("disaggregation", got["disaggregation"]),
                       ("forecasting", got["forecast"]["pooled"])):
        for key in set(keys) - counts:
            assert kind in catalogue[key]["kinds"], (kind, key)
    lower = {name for name, m in catalogue.items() if not m["higher_is_better"]}
    assert {"rmse", "mae", "mape", "brier", "nde", "sae", "point_fpr"} <= lower
    assert not {"vus_pr", "vus_roc", "affiliation_precision", "balanced_accuracy", "r2"} & lower
