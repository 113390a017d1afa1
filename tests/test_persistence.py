"""skgan.save / skgan.load: a model file whose loading runs no code."""

import hashlib
import json
import pickle
import zipfile

import numpy as np
import pandas as pd
import pytest
import torch
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors
from sklearn.preprocessing import PowerTransformer, StandardScaler

import skgan
from skgan import GANOverSampler, GANSampler

from _helpers import tiny


def mixed(n=80, seed=0):
    rng = np.random.default_rng(seed)
    gap = rng.random(n) < 0.2
    return pd.DataFrame(
        {
            "f32": rng.normal(size=n).astype("float32"),
            "zeros": np.where(rng.random(n) < 0.7, 0.0, rng.gamma(2.0, 5.0, n)),
            "i64": rng.integers(0, 50, n),
            "Int64": pd.array(np.where(gap, None, rng.integers(0, 9, n)), "Int64"),
            "flag": rng.random(n) < 0.5,
            "boolean": pd.array(np.where(gap, None, rng.random(n) < 0.5), "boolean"),
            "text": pd.array(np.where(gap, None, rng.choice(["p", "q"], n)), "string"),
            "obj": pd.Series(np.array([1, "1", 2.5], dtype=object)[rng.integers(0, 3, n)]),
            "grade": pd.Categorical(
                rng.choice(["lo", "hi"], n), categories=["lo", "mid", "hi"], ordered=True
            ),
            "when": pd.Timestamp("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 300, n), unit="D"),
            "tz": pd.date_range("2021-01-01", periods=n, freq="h", tz="Europe/Oslo"),
        }
    )


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    X = mixed()
    y = pd.Series(np.random.default_rng(1).choice(["no", "yes"], len(X)), name="label")
    model = tiny().fit(X, y)
    path = tmp_path_factory.mktemp("models") / "model.skgan"
    skgan.save(model, path)
    return model, path


def test_loaded_model_samples_exactly_what_the_original_does(saved):
    model, path = saved
    loaded = skgan.load(path)
    assert isinstance(loaded, GANSampler)
    assert loaded.get_params() == model.get_params()
    out = loaded.sample(200, random_state=3)
    pd.testing.assert_frame_equal(out, model.sample(200, random_state=3))
    assert {type(v) for v in out["obj"]} == {int, str, float}
    a = loaded.sample(50, y="yes", conditions={"grade": "hi"}, random_state=4, return_y=True)
    b = model.sample(50, y="yes", conditions={"grade": "hi"}, random_state=4, return_y=True)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_series_equal(a[1], b[1])
    assert loaded.score(mixed(seed=5)) == model.score(mixed(seed=5))


def test_the_file_describes_the_encoder_in_json(saved):
    _, path = saved
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "arrays.safetensors",
            "manifest.json",
            "model.json",
        ]
        manifest = json.loads(archive.read("manifest.json"))
        text = archive.read("model.json").decode()
    assert manifest["format"] == "skgan-model" and manifest["format_version"] == 1
    assert manifest["skgan_version"] == skgan.__version__
    for attribute in ("means_", "stds_", "weights_", "categories_", "min_", "max_", "points_", "dtype_"):
        assert f'"{attribute}"' in text
    assert "pickle" not in text


def test_numpy_input_round_trips(tmp_path):
    X = np.random.default_rng(2).normal(size=(60, 3)).astype(np.float32)
    model = tiny(numeric_transformer="quantile").fit(X)
    skgan.save(model, tmp_path / "m.skgan")
    loaded = skgan.load(tmp_path / "m.skgan")
    out = loaded.sample(40, random_state=0)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, model.sample(40, random_state=0))


@pytest.mark.parametrize("transformer", ["standard", StandardScaler()])
def test_standard_scalers_round_trip(tmp_path, transformer):
    X = pd.DataFrame({"x": np.arange(40.0), "c": ["a", "b"] * 20})
    model = tiny(numeric_transformer=transformer).fit(X)
    skgan.save(model, tmp_path / "m.skgan")
    pd.testing.assert_frame_equal(
        skgan.load(tmp_path / "m.skgan").sample(30, random_state=1),
        model.sample(30, random_state=1),
    )


def test_the_default_sample_stream_and_training_continue_after_load(tmp_path):
    X = mixed(seed=6)
    model = tiny(warm_start=True).fit(X)
    skgan.save(model, tmp_path / "m.skgan")
    loaded = skgan.load(tmp_path / "m.skgan")
    pd.testing.assert_frame_equal(loaded.sample(20), model.sample(20))
    loaded.fit(X)
    model.fit(X)
    assert loaded.n_iter_ == model.n_iter_ == 4
    for a, b in zip(loaded.generator_.parameters(), model.generator_.parameters()):
        assert torch.equal(a, b)


def test_oversampler_round_trips(tmp_path):
    rng = np.random.default_rng(7)
    X = pd.DataFrame({"x": rng.normal(size=60), "c": rng.choice(["u", "v"], 60)})
    y = np.array(["a"] * 45 + ["b"] * 15)
    over = GANOverSampler(tiny(), random_state=0)
    over.fit_resample(X, y)
    skgan.save(over, tmp_path / "o.skgan")
    loaded = skgan.load(tmp_path / "o.skgan")
    assert isinstance(loaded, GANOverSampler)
    assert loaded.sampling_strategy_ == over.sampling_strategy_
    pd.testing.assert_frame_equal(
        loaded.sampler_.sample(25, y="b", random_state=0),
        over.sampler_.sample(25, y="b", random_state=0),
    )
    X_a, y_a = loaded.fit_resample(X, y)
    X_b, y_b = over.fit_resample(X, y)
    pd.testing.assert_frame_equal(X_a, X_b)


def test_unfitted_sampler_round_trips(tmp_path):
    skgan.save(tiny(epochs=7), tmp_path / "u.skgan")
    assert skgan.load(tmp_path / "u.skgan").get_params() == tiny(epochs=7).get_params()


def test_gpu_trained_model_loads_on_the_cpu(saved, tmp_path, monkeypatch):
    model, _ = saved
    gpu_model = pickle.loads(pickle.dumps(model))
    gpu_model.device_ = torch.device("cuda:0")  # as if trained on a GPU
    skgan.save(gpu_model, tmp_path / "gpu.skgan")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.warns(UserWarning, match="cuda:0.*lacks.*CPU"):
        loaded = skgan.load(tmp_path / "gpu.skgan")
    assert loaded.device_ == torch.device("cpu")
    pd.testing.assert_frame_equal(
        loaded.sample(30, random_state=2), model.sample(30, random_state=2)
    )


def test_custom_numeric_transformer_is_refused_at_save(tmp_path):
    model = tiny(numeric_transformer=PowerTransformer()).fit(
        pd.DataFrame({"x": np.arange(1.0, 41.0)})
    )
    with pytest.raises(TypeError, match="PowerTransformer.*pickle"):
        skgan.save(model, tmp_path / "p.skgan")
    assert not (tmp_path / "p.skgan").exists()


def test_save_refuses_other_objects(tmp_path):
    with pytest.raises(TypeError, match="GANSampler"):
        skgan.save(StandardScaler(), tmp_path / "s.skgan")


# ------------------------------------------------------------ tampered files


def rewrite(src, dst, members, fix_checksums=True):
    """Copy a model file, replacing members; optionally recompute checksums."""
    with zipfile.ZipFile(src) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    contents.update(members)
    if fix_checksums:
        manifest = json.loads(contents["manifest.json"])
        for name in ("model.json", "arrays.safetensors"):
            manifest["sha256"][name] = hashlib.sha256(contents[name]).hexdigest()
        contents["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return dst


def member(path, name):
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def test_changed_json_is_refused(saved, tmp_path):
    _, path = saved
    text = member(path, "model.json").replace(b'"epochs": 2', b'"epochs": 3')
    assert text != member(path, "model.json")
    bad = rewrite(path, tmp_path / "bad.skgan", {"model.json": text}, fix_checksums=False)
    with pytest.raises(ValueError, match="model.json does not match its checksum"):
        skgan.load(bad)


def test_wrong_format_version_is_refused(saved, tmp_path):
    _, path = saved
    manifest = json.loads(member(path, "manifest.json"))
    manifest["format_version"] = 99
    bad = rewrite(path, tmp_path / "v.skgan", {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(ValueError, match="format version 99.*reads version 1"):
        skgan.load(bad)


def test_weights_of_the_wrong_shape_are_refused(saved, tmp_path):
    _, path = saved
    tensors = load_tensors(member(path, "arrays.safetensors"))
    spec = json.loads(member(path, "model.json"))["state"]["generator_"]["weights"]
    key = spec["head.weight"]
    tensors[key] = torch.zeros(tensors[key].shape[0] + 1, tensors[key].shape[1])
    bad = rewrite(path, tmp_path / "w.skgan", {"arrays.safetensors": save_tensors(tensors)})
    with pytest.raises(ValueError, match="generator_ weights do not fit"):
        skgan.load(bad)


def test_a_smuggled_pickle_is_refused(saved, tmp_path):
    _, path = saved

    class Boom:
        def __reduce__(self):
            return (print, ("this must never run",))

    bad = rewrite(path, tmp_path / "p.skgan", {"data.pkl": pickle.dumps(Boom())})
    with pytest.raises(ValueError, match=r"refusing \['data.pkl'\]"):
        skgan.load(bad)


def test_a_class_outside_the_allow_list_is_refused(saved, tmp_path, capsys):
    _, path = saved
    spec = json.loads(member(path, "model.json"))
    spec["state"]["encoder_"]["class"] = "builtins.eval"
    bad = rewrite(path, tmp_path / "c.skgan", {"model.json": json.dumps(spec).encode()})
    with pytest.raises(ValueError, match="'builtins.eval', which is not an allowed class"):
        skgan.load(bad)


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    (tmp_path / "x.skgan").write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(ValueError, match="not a skgan model file"):
        skgan.load(tmp_path / "x.skgan")
