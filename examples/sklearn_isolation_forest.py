"""scikit-learn's IsolationForest, written in Python, run through heatloop like any detector
and compared with the built-in isolation_forest: python examples/sklearn_isolation_forest.py
ws-demo (the workspace `make demo` leaves)."""
import sys

import numpy as np
from sklearn.ensemble import IsolationForest

import heatloop


class SklearnIsolationForest:
    name = "sklearn_iforest"
    channels = ["compressor_power", "t_supply", "t_return"]

    def features(self, df):  # hourly means of each channel, up to each row
        return df[self.channels].rolling(60, min_periods=30).mean().to_numpy()

    def fit(self, frames):
        x = np.vstack([self.features(f) for f in frames])
        self.forest = IsolationForest(n_estimators=100, random_state=0)
        self.forest.fit(x[np.isfinite(x).all(axis=1)])

    def score(self, frame):
        x = self.features(frame)
        ok = np.isfinite(x).all(axis=1)
        scores = np.full(len(x), np.nan)
        scores[ok] = -self.forest.score_samples(x[ok])
        return scores


ws = heatloop.Workspace(sys.argv[1] if len(sys.argv) > 1 else "ws-demo")
df = ws.load(ws.units()[0], channels=SklearnIsolationForest.channels)
print(f"{df.attrs['unit_id']}: {len(df)} rows from {df.index[0]} to {df.index[-1]}")
config = {"experiment": "python", "data": {"split": "none"},
          "alarms": {"method": "quantile", "value": 0.995, "merge_gap": "30min",
                     "dedupe_window": "30min"},
          "evaluation": {"tolerance": "1h", "deadline": "6h"}}
mine = ws.run(config, model=SklearnIsolationForest())
builtin = ws.run({**config, "model": {"name": "isolation_forest"}})
print(f"event F1: {mine.evaluation()['micro']['event_f1']} (sklearn_iforest), "
      f"{builtin.evaluation()['micro']['event_f1']} (isolation_forest)")
c = ws.compare(builtin, mine, metric="event_f1")
print(f"per unit: {c['improved']} better, {c['worse']} worse, {c['unchanged']} unchanged; "
      f"mean delta {c['mean_delta']}, Wilcoxon p = {c['wilcoxon']['p_value']}")
