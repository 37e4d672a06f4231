"""`self_supervised` through the CLI: a run stores the network's weights (model.bin, a run
artifact) and the per-channel residuals as score channels, and `heatloop runs show RUN`
lists the channels most responsible for each alarm. A build without the neural layer says
why the model is missing instead.
"""

import json

CONFIG = """
name = "ss-test"
seed = 3
[data]
split = "none"
exclude_labels_from_training = true
[model]
name = "self_supervised"
[model.params]
hidden = 8
epochs = 4
max_windows = 2048
[alarms]
method = "quantile"
value = 0.99
min_duration = "30min"
merge_gap = "1h"
dedupe_window = "6h"
"""


def available(heatloop):
    code, out, err = heatloop("models", "list", "--json")
    assert code == 0, err
    return "self_supervised" in {m["name"] for m in json.loads(out)}


def test_unavailable_model_says_why(heatloop):
    if available(heatloop):
        code, out, err = heatloop("models", "show", "self_supervised")
        assert code == 0, err
        assert "architecture" in out and "lstm, tcn" in out
        return
    code, out, err = heatloop("models", "show", "self_supervised")
    assert code == 2
    assert "not available" in err and "libtorch" in err and "HEATLOOP_WITH_TORCH" in err


def test_run_stores_residual_channels_and_runs_show_attributes_alarms(heatloop, tmp_path):
    d, ws = tmp_path / "d", tmp_path / "ws"
    code, _, err = heatloop("simulate", "--units", "3", "--days", "10", "--seed", "7",
                            "--out", d)
    assert code == 0, err
    code, _, err = heatloop("ingest", d / "units.csv", d / "sensors.csv", d / "weather.csv",
                            "--workspace", ws)
    assert code == 0, err
    config = tmp_path / "ss.toml"
    config.write_text(CONFIG)
    code, out, err = heatloop("run", config, "--workspace", ws, "--threads", "1", "--json",
                              timeout=600)
    if not available(heatloop):  # a build without libtorch refuses the config, saying why
        assert code == 2 and "not available" in err and "libtorch" in err, err
        return
    assert code == 0, err
    run = json.loads(out)
    run_id = run["run_id"]
    art = ws / "artifacts" / run_id
    assert (art / "model.bin").stat().st_size > 1000  # the weights, a torch archive
    summary = json.loads((art / "summary.json").read_text())
    assert summary["models"][0]["side_file"] == "model.bin"
    doc = json.loads((art / "model.json").read_text())
    channels = doc["state"]["channels"]
    assert "t_supply" in channels and "compressor_power" in channels
    assert doc["state"]["training"]["epochs"] >= 1

    code, out, err = heatloop("runs", "show", run_id, "--workspace", ws, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert "model.bin" in {a["path"] for a in shown["artifacts"]}
    alarms = json.loads((art / "alarms.json").read_text())
    assert alarms, "a 99% threshold over 30 unit-days raises some alarm"
    listed = shown["alarm_channels"]
    assert len(listed) == len(alarms)
    for a in listed:
        got = [c["channel"] for c in a["channels"]]
        assert set(got) <= {f"residual.{c}" for c in channels} and got
        means = [c["mean_abs"] for c in a["channels"]]
        assert means == sorted(means, reverse=True)

    code, out, err = heatloop("runs", "show", run_id, "--workspace", ws)
    assert code == 0, err
    assert f"alarms ({len(alarms)}) with the channels most responsible" in out
    top = listed[0]["channels"][0]
    assert f"{top['channel']} {top['mean_abs']:.2f}" in out
