"""Cross-checks heatloop's evaluation metrics against independent published Python packages.

The same cases go to our implementation (the test-only `eval_json` program, path in the
HEATLOOP_EVAL_JSON environment variable) and to:
- range-based precision/recall (Tatbul et al. 2018): `tsadmetrics` (RangebasedFScore) and
  `prts` (the implementation aeon and TimeEval build on);
- the NAB score: NAB's own `Sweeper` scorer as vendored in `tsadmetrics`
  (tsadmetrics.utils.functions_nabscore), with NAB's three application profiles;
- ROC-AUC and average precision: scikit-learn; the Wilcoxon signed-rank test: SciPy
  (both come with mlflow).
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


def ours(case: dict) -> dict:
    binary = os.environ.get("HEATLOOP_EVAL_JSON")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail(f"HEATLOOP_EVAL_JSON must name the built eval_json program (got {binary!r})")
    proc = subprocess.run([binary], input=json.dumps(case), capture_output=True, text=True,
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
