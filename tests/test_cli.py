"""The command line, run in-process with tiny settings."""

import numpy as np
import pandas as pd
import pytest

import skgan
from skgan import _cli
from skgan.datasets import load_adult

TINY = ["--epochs", "1", "--dims", "16,16", "--batch-size", "50", "--seed", "0"]


@pytest.fixture
def table_csv(tmp_path):
    rng = np.random.default_rng(0)
    n = 120
    table = pd.DataFrame(
        {
            "height": rng.normal(170, 10, n).round(1),
            "city": rng.choice(["Oslo", "Lima", "Pune"], n),
            "code": rng.choice([3, 7, 11], n),
        }
    )
    path = tmp_path / "table.csv"
    table.to_csv(path, index=False)
    return path


def _error(capsys, argv):
    """Run argv, expect exit status 2; return stderr."""
    with pytest.raises(SystemExit) as info:
        _cli.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_demo_writes_csv_and_report(tmp_path, capsys):
    out = tmp_path / "synthetic.csv"
    argv = ["demo", *TINY, "--train-rows", "200", "--rows", "120", "--out", str(out)]
    assert _cli.main(argv) == 0

    synthetic = pd.read_csv(out)
    assert list(synthetic.columns) == list(load_adult().columns)
    assert len(synthetic) == 120
    report = capsys.readouterr().out
    assert "epochs=1" in report and "generator_dims=(16, 16)" in report
    for line in ("Numeric columns", "Categorical columns", "Fidelity:", "Fit time:"):
        assert line in report
    assert "capital-gain" in report and "(missing)" in report


@pytest.mark.parametrize("quiet", [True, False])
def test_synth_writes_rows(table_csv, tmp_path, capsys, quiet):
    out = tmp_path / "out.csv"
    argv = ["synth", str(table_csv), "--rows", "30", "--out", str(out), *TINY]
    argv += ["--categorical", "code"] + (["--quiet"] if quiet else [])
    assert _cli.main(argv) == 0

    synthetic = pd.read_csv(out)
    assert list(synthetic.columns) == ["height", "city", "code"]
    assert len(synthetic) == 30
    assert set(synthetic["city"]) <= {"Oslo", "Lima", "Pune"}
    assert set(synthetic["code"]) <= {3, 7, 11}
    captured = capsys.readouterr()
    if quiet:
        assert captured.out == "" and "GANSampler" not in captured.err
    else:
        assert "Wrote 30 synthetic rows" in captured.out
        assert "GANSampler" in captured.err  # the progress bar


def test_synth_unknown_categorical_column(table_csv, tmp_path, capsys):
    out = tmp_path / "out.csv"
    argv = ["synth", str(table_csv), "--rows", "5", "--out", str(out)]
    err = _error(capsys, argv + ["--categorical", "city,nope"])
    assert err.count("\n") == 1
    assert "'nope'" in err and "'height'" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["synth", "missing.csv", "--rows", "5", "--out", "o.csv"], "does not exist"),
        (["synth", "{csv}", "--rows", "0", "--out", "o.csv"], "positive integer"),
        (["synth", "{csv}", "--out", "o.csv"], "--rows"),
        (["synth", "{csv}", "--rows", "5", "--out", "o.csv", "--batch-size", "15"], "multiple of 10"),
        (["synth", "{csv}", "--rows", "5", "--out", "o.csv", "--dims", "16,x"], "widths"),
        (["synth", "{csv}", "--rows", "5", "--out", "no/such/o.csv"], "does not exist"),
        (["synth", "{csv}", "--rows", "5", "--out", "o.csv", "--device", "abacus"], "abacus"),
        (["demo", "--train-rows", "99999"], "--train-rows"),
        ([], "COMMAND"),
    ],
)
def test_user_errors_exit_2(table_csv, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    argv = [arg.replace("{csv}", str(table_csv)) for arg in argv]
    assert message in _error(capsys, argv)


def test_empty_csv_is_a_user_error(tmp_path, capsys):
    path = tmp_path / "empty.csv"
    path.write_text("a,b\n")
    err = _error(capsys, ["synth", str(path), "--rows", "5", "--out", str(tmp_path / "o.csv")])
    assert "no rows" in err


def test_console_script_entry_point(capsys):
    from skgan.__main__ import main

    assert main is _cli.main
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert skgan.__version__ in capsys.readouterr().out


def test_fallback_scores_match_metrics(monkeypatch):
    pytest.importorskip("skgan.metrics")
    adult = load_adult()
    real = adult.iloc[:400].reset_index(drop=True)
    synthetic = adult.iloc[400:700].reset_index(drop=True)
    scores, source = _cli._column_scores(real, synthetic)
    assert source == ""

    def broken(*args, **kwargs):
        raise RuntimeError("metrics under construction")

    monkeypatch.setattr("skgan.metrics.column_shapes", broken)
    fallback, source = _cli._column_scores(real, synthetic)
    assert "fallback" in source
    np.testing.assert_allclose(fallback[scores.index], scores, atol=1e-12)
    assert ((fallback > 0.5) & (fallback <= 1)).all()


def test_synth_keeps_estimator_defaults():
    # The demo's smaller networks must not leak into synth's defaults.
    parser = _cli._build_parser()
    demo = parser.parse_args(["demo"])
    synth = parser.parse_args(["synth", "in.csv", "--rows", "5", "--out", "o.csv"])
    assert demo.dims == _cli.DEMO_DIMS and demo.epochs == _cli.DEMO_EPOCHS
    assert synth.dims is None and synth.batch_size is None and synth.epochs is None
    model = _cli._sampler(synth, epochs=synth.epochs, verbose=0)
    assert model.get_params() == skgan.GANSampler(
        random_state=None, device="auto"
    ).get_params()


def test_synth_reads_iso_dates_as_datetimes(tmp_path):
    days = pd.date_range("2021-01-01", periods=60, freq="D")
    table = pd.DataFrame({"joined": days.strftime("%Y-%m-%d"), "n": range(60)})
    table.loc[::10, "joined"] = None
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    table.to_csv(source, index=False)
    _cli.main(["synth", str(source), "--rows", "50", "--out", str(out),
          "--epochs", "2", "--seed", "0", "--quiet"])
    joined = pd.to_datetime(pd.read_csv(out)["joined"])
    present = joined.dropna()
    assert present.between(days.min(), days.max()).all()
    # Dates are generated on the daily grid, not only copied from the input.
    assert (present.dt.normalize() == present).all()
