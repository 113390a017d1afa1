"""Training speed of skgan against CTGAN, time to quality, efficiency, scale.

Both tools run in this one process, alternately, on the same rows of the UCI
Adult training split with the same epochs, batch size, PacGAN group and
network widths, so that their ratios are fair on a shared machine. Sections:

``speed``
    Per-epoch fit time (median over the epochs after the first), the fit's
    set-up (encoder fit, encoder transform, everything before the first
    epoch), ``sample(n)`` time and peak resident memory during ``fit``, for
    each tool and each table size, with the ratios skgan / CTGAN.
``quality``
    Time to quality: both tools are scored every few epochs with the held-out
    negative energy distance (the definition of ``GANSampler.score``: rows of
    Adult's test split against as many sampled rows, in
    :class:`skgan.metrics.FixedEncoding`); the script reports the training
    time at which skgan first reaches the score CTGAN has after its last
    epoch, and the ratio of the two times. Scoring time is not counted.
``efficiency``
    Floating-point work of one skgan training step (counted by
    ``torch.utils.flop_counter`` while the step runs, so it follows the
    network shapes) against the dense matrix-multiply peak of this machine,
    measured here with a large fp32 (and bf16) GEMM at the same thread count.
``scale``
    skgan alone on generated tables of 20 mixed columns (10 numeric, 10
    categorical): encoder fit and transform time, time per epoch, peak RSS,
    and ``sample(n_rows)`` time, each size in a fresh subprocess so that its
    peak RSS is its own; plus the encoder fit on a 200k x 10 numeric table.

Run (the figures in docs/benchmarks.md come from these commands)::

    .venv/bin/pip install -e ".[benchmarks]"
    .venv/bin/python benchmarks/fit_speed.py --threads 1
    .venv/bin/python benchmarks/fit_speed.py --quick      # a small smoke run

Each section can be run alone (``--sections speed,efficiency``) and every
size is a flag; ``--help`` lists them.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fidelity import _cpu_name, load_tables  # noqa: E402

BATCH = 500
PAC = 10
DIMS = (256, 256)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small, fast run")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument(
        "--sections", default="speed,quality,efficiency,scale",
        help="comma-separated sections to run",
    )
    parser.add_argument(
        "--rows", default="5000,32561",
        help="Adult training rows for the speed section (32561: all)",
    )
    parser.add_argument("--epochs", type=int, default=5, help="epochs per speed fit")
    parser.add_argument(
        "--repeats", type=int, default=2,
        help="speed fits per tool and size, alternating which tool runs first",
    )
    parser.add_argument("--sample-rows", type=int, default=10_000)
    parser.add_argument("--quality-rows", type=int, default=5000)
    parser.add_argument("--holdout", type=int, default=2000, help="scoring rows")
    parser.add_argument(
        "--quality-epochs", type=int, default=300, help="CTGAN epochs (quality)"
    )
    parser.add_argument(
        "--max-skgan-epochs", type=int, default=300,
        help="skgan stops at this many epochs if it never reaches CTGAN",
    )
    parser.add_argument(
        "--ctgan-eval-every", type=int, default=10, help="CTGAN scoring interval"
    )
    parser.add_argument(
        "--skgan-eval-every", type=int, default=1, help="skgan scoring interval"
    )
    parser.add_argument(
        "--scale-rows", default="100000,1000000",
        help="rows of the generated tables (scale section)",
    )
    parser.add_argument("--scale-epochs", type=int, default=1)
    parser.add_argument("--encoder-rows", type=int, default=200_000)
    parser.add_argument("--gemm-size", type=int, default=2048)
    parser.add_argument(
        "--precision", default="auto", choices=["auto", "float32", "bfloat16"],
        help="skgan's precision parameter",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.rows = "2000"
        args.epochs = 3
        args.repeats = 1
        args.sample_rows = 5000
        args.quality_rows = 1000
        args.holdout = 500
        args.quality_epochs = 10
        args.max_skgan_epochs = 10
        args.ctgan_eval_every = 5
        args.scale_rows = "20000"
        args.encoder_rows = 20_000
        args.gemm_size = 1024
    return args


# ----------------------------------------------------------------- measuring


class PeakRSS:
    """Peak resident set size of this process while the block runs.

    A thread samples the RSS every few milliseconds (psutil); ``peak`` is the
    highest value seen and ``start`` the value on entry, both in bytes.
    """

    def __init__(self, interval=0.005):
        import psutil

        self._process = psutil.Process()
        self._interval = interval

    def __enter__(self):
        self.start = self.peak = self._process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self):
        while not self._stop.wait(self._interval):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)
        return False


@contextlib.contextmanager
def timed_methods(owner, names, totals):
    """Add the wall (CPU) time of each call of ``owner.<name>`` to
    ``totals[name]`` (``totals[name + "_cpu"]``)."""
    originals = {name: getattr(owner, name) for name in names}

    def wrap(name, method):
        def timed(*args, **kwargs):
            tic, cpu = time.perf_counter(), time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - tic
                totals[f"{name}_cpu"] = (
                    totals.get(f"{name}_cpu", 0.0) + time.process_time() - cpu
                )

        return timed

    for name, method in originals.items():
        setattr(owner, name, wrap(name, method))
    try:
        yield totals
    finally:
        for name, method in originals.items():
            setattr(owner, name, method)


class EpochClock:
    """Per-epoch timing of a fit loop, with an untimed callback between epochs.

    ``loop_start`` is when the loop began (``cpu_start``: the process's CPU
    time then); ``durations`` holds the wall time of each epoch and
    ``cpu_durations`` the CPU time this process spent in it, which a busy
    shared machine disturbs much less. ``callback(epoch)`` runs after each
    epoch and its time is left out of every figure.
    """

    def __init__(self, callback=None):
        self.callback = callback
        self.loop_start = self.cpu_start = None
        self.durations = []
        self.cpu_durations = []

    def start(self):
        self.loop_start = time.perf_counter()
        self.cpu_start = self._cpu_mark = time.process_time()

    def wrap(self, iterable, **kwargs):
        """Stands in for ``tqdm(iterable)`` inside CTGAN's ``fit``."""
        self.start()
        return self._iterate(iterable)

    def _iterate(self, iterable):
        for item in iterable:
            tic = time.perf_counter()
            yield item
            self.end_epoch(time.perf_counter() - tic)

    def end_epoch(self, duration):
        self.cpu_durations.append(time.process_time() - self._cpu_mark)
        self.durations.append(duration)
        if self.callback is not None:
            self.callback(len(self.durations))
        self._cpu_mark = time.process_time()


_CLASSES = {}


def _skgan_class():
    if "skgan" in _CLASSES:
        return _CLASSES["skgan"]
    from skgan import GANSampler

    class ClockedGANSampler(GANSampler):
        """GANSampler that reports its epochs to an :class:`EpochClock`."""

        _clock = None

        def _fit_loop(self, *args, **kwargs):
            if self._clock is not None:
                self._clock.start()
            return super()._fit_loop(*args, **kwargs)

        def _after_epoch(self, record):
            stop = super()._after_epoch(record)
            if self._clock is not None:
                self._clock.end_epoch(record["duration"])
            return stop

    _CLASSES["skgan"] = ClockedGANSampler
    return ClockedGANSampler


PRECISION = {"value": "auto"}


def make_skgan(epochs, categorical, seed):
    return _skgan_class()(
        epochs=epochs, batch_size=BATCH, pac=PAC, generator_dims=DIMS,
        discriminator_dims=DIMS, categorical_features=categorical,
        device="cpu", random_state=seed, precision=PRECISION["value"],
    )


def make_ctgan(epochs):
    from ctgan import CTGAN

    return CTGAN(
        epochs=epochs, batch_size=BATCH, pac=PAC, generator_dim=DIMS,
        discriminator_dim=DIMS, enable_gpu=False,
    )


@contextlib.contextmanager
def global_seed(seed):
    """Seed numpy's and torch's global generators (CTGAN draws from them),
    restoring their previous states afterwards."""
    import torch

    np_state, torch_state = np.random.get_state(), torch.get_rng_state()
    np.random.seed(seed)
    torch.manual_seed(seed)
    try:
        yield
    finally:
        np.random.set_state(np_state)
        torch.set_rng_state(torch_state)


def fit_tool(tool, train, categorical, epochs, seed, callback=None):
    """Fit one tool with its epochs clocked; returns (model, figures)."""
    clock = EpochClock(callback)
    totals = {}
    if tool == "skgan":
        from skgan._sampler import TableEncoder

        model = make_skgan(epochs, categorical, seed)
        model._clock = clock
        patch = timed_methods(TableEncoder, ["fit", "transform"], totals)
        run = lambda: model.fit(train)  # noqa: E731
        seeding = contextlib.nullcontext()
    else:
        import ctgan.synthesizers.ctgan as ctgan_module
        from ctgan.data_transformer import DataTransformer

        model = make_ctgan(epochs)
        patch = contextlib.ExitStack()
        patch.enter_context(timed_methods(DataTransformer, ["fit", "transform"], totals))
        patch.enter_context(_replaced(ctgan_module, "tqdm", clock.wrap))
        run = lambda: model.fit(train, discrete_columns=categorical)  # noqa: E731
        seeding = global_seed(seed)
    with patch, seeding, PeakRSS() as memory:
        tic, cpu_tic = time.perf_counter(), time.process_time()
        run()
    if tool == "skgan":
        model._clock = None
    durations = np.array(clock.durations)
    cpu = np.array(clock.cpu_durations)
    figures = {
        "setup_s": clock.loop_start - tic,
        "setup_cpu_s": clock.cpu_start - cpu_tic,
        "epoch_cpu_s": cpu.tolist(),
        "steady_epoch_cpu_s": float(np.median(cpu[1:] if len(cpu) > 1 else cpu)),
        "encoder_fit_s": totals.get("fit", float("nan")),
        "encoder_transform_s": totals.get("transform", float("nan")),
        "epoch_s": durations.tolist(),
        "first_epoch_s": float(durations[0]),
        "steady_epoch_s": float(np.median(durations[1:] if len(durations) > 1 else durations)),
        "peak_rss_mb": memory.peak / 2**20,
        "rss_increase_mb": (memory.peak - memory.start) / 2**20,
    }
    return model, figures


@contextlib.contextmanager
def _replaced(owner, name, value):
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


def sample_tool(tool, model, n, seed):
    if tool == "skgan":
        return model.sample(n, random_state=seed)
    with global_seed(seed):
        return model.sample(n)


# ------------------------------------------------------------------ sections


_WARM = []


def warm_up(categorical, train, report):
    """Pay one-time costs (imports, torch's lazy optimizer set-up, first
    kernels) before anything is timed, for both tools alike."""
    if _WARM:
        return
    _WARM.append(True)
    tic = time.perf_counter()
    small = train.iloc[:BATCH]
    for tool in ("skgan", "ctgan"):
        model, _ = fit_tool(tool, small, categorical, 1, 0)
        sample_tool(tool, model, 100, 0)
    report(f"warm-up (imports, first optimizer, first kernels): "
           f"{time.perf_counter() - tic:.1f} s, not counted")


def section_speed(args, report):
    rows = [int(r) for r in args.rows.split(",")]
    results = {}
    for n_rows in rows:
        train, _ = load_tables(min(n_rows, 32561), 10, args.seed)
        categorical = [c for c in train.columns if train[c].dtype == object]
        warm_up(categorical, train, report)
        per_tool = {"skgan": [], "ctgan": []}
        for repeat in range(args.repeats):
            order = ("skgan", "ctgan") if repeat % 2 == 0 else ("ctgan", "skgan")
            for tool in order:
                model, figures = fit_tool(
                    tool, train, categorical, args.epochs, args.seed + repeat
                )
                sample_tool(tool, model, 100, 0)
                tic = time.perf_counter()
                sample_tool(tool, model, args.sample_rows, args.seed)
                figures["sample_s"] = time.perf_counter() - tic
                per_tool[tool].append(figures)
                report(
                    f"  {len(train):>6,} rows, repeat {repeat + 1}, {tool}: "
                    f"epoch {figures['steady_epoch_s']:.3f} s (first "
                    f"{figures['first_epoch_s']:.3f}; CPU "
                    f"{figures['steady_epoch_cpu_s']:.3f}), set-up "
                    f"{figures['setup_s']:.2f} s, sample({args.sample_rows:,}) "
                    f"{figures['sample_s']:.3f} s, peak RSS "
                    f"{figures['peak_rss_mb']:.0f} MB"
                )
                del model
        results[len(train)] = per_tool
    table = [
        "| rows | figure | skgan | CTGAN | skgan / CTGAN |",
        "|---|---|---|---|---|",
    ]
    keys = [
        ("steady_epoch_s", "per-epoch fit (s, median after 1st)", "{:.3f}"),
        ("steady_epoch_cpu_s", "per-epoch fit, CPU time (s)", "{:.3f}"),
        ("first_epoch_s", "first epoch (s)", "{:.3f}"),
        ("encoder_fit_s", "encoder fit (s)", "{:.2f}"),
        ("encoder_transform_s", "encoder transform (s)", "{:.2f}"),
        ("setup_s", "fit set-up before epoch 1 (s)", "{:.2f}"),
        ("setup_cpu_s", "fit set-up, CPU time (s)", "{:.2f}"),
        ("sample_s", f"sample({args.sample_rows:,}) (s)", "{:.3f}"),
        ("peak_rss_mb", "peak RSS during fit (MB)", "{:.0f}"),
    ]
    summary = {}
    for n_rows, per_tool in results.items():
        summary[n_rows] = {}
        for key, label, fmt in keys:
            s = float(np.median([f[key] for f in per_tool["skgan"]]))
            c = float(np.median([f[key] for f in per_tool["ctgan"]]))
            summary[n_rows][key] = {"skgan": s, "ctgan": c, "ratio": s / c}
            table.append(
                f"| {n_rows:,} | {label} | {fmt.format(s)} | {fmt.format(c)} "
                f"| {s / c:.2f} |"
            )
    report("\n".join(table))
    for n_rows in summary:
        wall = summary[n_rows]["steady_epoch_s"]["ratio"]
        cpu = summary[n_rows]["steady_epoch_cpu_s"]["ratio"]
        report(f"{n_rows:,} rows: skgan trains an epoch {1 / wall:.2f}x as fast "
               f"as CTGAN in wall time, {1 / cpu:.2f}x in CPU time (target: 3x)")
    return {"runs": results, "summary": summary}


def negative_energy(holdout, synthetic, categorical):
    """The score: ``-energy_distance`` of held-out rows and as many sampled
    rows, every row used (``GANSampler.score``'s definition)."""
    from skgan.metrics import energy_distance

    synthetic = synthetic.reset_index(drop=True)[list(holdout.columns)]
    return -energy_distance(
        holdout, synthetic, categorical_columns=categorical, max_samples=None
    )


class Baton:
    """Lets two fits in two threads take turns, one epoch each, so that they
    never run at the same time and meet the machine's load alike. A tool
    that has finished stops taking turns."""

    def __init__(self, first):
        self._condition = threading.Condition()
        self._turn = first
        self._finished = set()

    def wait(self, me):
        with self._condition:
            self._condition.wait_for(
                lambda: self._turn == me or bool(self._finished - {me})
            )

    def hand_over(self, me, other):
        with self._condition:
            if other in self._finished:
                return
            self._turn = other
            self._condition.notify_all()
        self.wait(me)

    def finish(self, me, other):
        with self._condition:
            self._finished.add(me)
            self._turn = other
            self._condition.notify_all()


def quality_curves(train, holdout, categorical, args):
    """Train CTGAN and skgan in turns, one epoch each, scoring every few
    epochs; returns each tool's curve as (epoch, training seconds, score)
    rows. Training seconds count the fit's set-up and its epochs, never the
    scoring or the other tool's turns. skgan stops after
    ``args.max_skgan_epochs`` epochs; CTGAN then continues alone."""
    import ctgan.synthesizers.ctgan as ctgan_module

    baton = Baton(first="ctgan")
    curves = {"ctgan": [], "skgan": []}
    every = {"ctgan": args.ctgan_eval_every, "skgan": args.skgan_eval_every}
    last = {"ctgan": args.quality_epochs, "skgan": args.max_skgan_epochs}
    other = {"ctgan": "skgan", "skgan": "ctgan"}
    clocks, models, starts, errors = {}, {}, {}, []
    cpu_curves = {"ctgan": [], "skgan": []}

    def after_epoch(tool, epoch):
        clock = clocks[tool]
        if epoch % every[tool] == 0 or epoch == last[tool]:
            wall, cpu = starts[tool]
            seconds = (clock.loop_start - wall) + sum(clock.durations)
            cpu_seconds = (clock.cpu_start - cpu) + sum(clock.cpu_durations)
            synthetic = _sample_during_fit(tool, models[tool], len(holdout))
            value = negative_energy(holdout, synthetic, categorical)
            curves[tool].append((epoch, seconds, value))
            cpu_curves[tool].append((epoch, cpu_seconds, value))
        baton.hand_over(tool, other[tool])

    for tool in ("ctgan", "skgan"):
        clocks[tool] = EpochClock(lambda epoch, tool=tool: after_epoch(tool, epoch))

    def run_skgan():
        try:
            baton.wait("skgan")
            model = make_skgan(last["skgan"], categorical, args.seed)
            model._clock = clocks["skgan"]
            models["skgan"] = model
            starts["skgan"] = time.perf_counter(), time.process_time()
            model.fit(train)
        except BaseException as exc:  # re-raised by the main thread
            errors.append(exc)
        finally:
            baton.finish("skgan", "ctgan")

    worker = threading.Thread(target=run_skgan)
    worker.start()
    try:
        model = make_ctgan(last["ctgan"])
        models["ctgan"] = model
        with _replaced(ctgan_module, "tqdm", clocks["ctgan"].wrap), global_seed(
            args.seed
        ):
            starts["ctgan"] = time.perf_counter(), time.process_time()
            model.fit(train, discrete_columns=categorical)
    finally:
        baton.finish("ctgan", "skgan")
        worker.join()
    if errors:
        raise errors[0]
    return curves, cpu_curves


def _sample_during_fit(tool, model, n):
    """Rows sampled mid-fit without disturbing the run's random streams."""
    if tool == "skgan":
        return model.sample(n, random_state=0)
    import torch

    np_state, torch_state = np.random.get_state(), torch.get_rng_state()
    try:
        np.random.seed(0)
        torch.manual_seed(0)
        return model.sample(n)
    finally:
        np.random.set_state(np_state)
        torch.set_rng_state(torch_state)


def section_quality(args, report):
    train, test = load_tables(args.quality_rows, args.holdout, args.seed)
    categorical = [c for c in train.columns if train[c].dtype == object]
    report(
        f"{len(train):,} training rows, {len(test):,} held-out rows (Adult test "
        f"split); CTGAN and skgan take turns, one epoch each; CTGAN trains "
        f"{args.quality_epochs} epochs, scored every {args.ctgan_eval_every}, "
        f"skgan {args.max_skgan_epochs}, scored every {args.skgan_eval_every}"
    )
    warm_up(categorical, train, report)
    curves, cpu_curves = quality_curves(train, test, categorical, args)
    ctgan, skgan = curves["ctgan"], curves["skgan"]
    target_epoch, ctgan_seconds, target = ctgan[-1]
    ctgan_cpu = cpu_curves["ctgan"][-1][1]
    for name, tool in (("CTGAN", "ctgan"), ("skgan", "skgan")):
        report(f"{name} curve (epoch, wall s, CPU s, score): " + ", ".join(
            f"({e}, {s:.1f}, {c:.1f}, {v:.4f})"
            for (e, s, v), (_, c, _) in zip(curves[tool], cpu_curves[tool])))
    report(f"CTGAN after {target_epoch} epochs: score {target:.4f}, "
           f"{ctgan_seconds:.1f} s of training ({ctgan_cpu:.1f} s CPU)")
    best = max(skgan, key=lambda row: row[2])
    report(f"skgan's best score {best[2]:.4f} at epoch {best[0]} "
           f"({best[1]:.1f} s); last {skgan[-1][2]:.4f} at epoch {skgan[-1][0]}")
    out = {"ctgan_curve": ctgan, "skgan_curve": skgan, "target": target,
           "ctgan_cpu_curve": cpu_curves["ctgan"],
           "skgan_cpu_curve": cpu_curves["skgan"],
           "ctgan_seconds": ctgan_seconds, "ctgan_cpu_seconds": ctgan_cpu,
           "skgan_best": best}
    reached = next((i for i, (_, _, v) in enumerate(skgan) if v >= target), None)
    if reached is None:
        report(f"skgan did not reach {target:.4f} in {args.max_skgan_epochs} "
               "epochs")
        return out
    epoch, seconds, value = skgan[reached]
    cpu_seconds = cpu_curves["skgan"][reached][1]
    out.update(skgan_epoch=epoch, skgan_seconds=seconds,
               skgan_cpu_seconds=cpu_seconds, speedup=ctgan_seconds / seconds,
               cpu_speedup=ctgan_cpu / cpu_seconds)
    report(
        f"skgan first reaches it at epoch {epoch} ({value:.4f}) after "
        f"{seconds:.1f} s ({cpu_seconds:.1f} s CPU): {ctgan_seconds / seconds:.1f}x "
        f"sooner than CTGAN in wall time, {ctgan_cpu / cpu_seconds:.1f}x in CPU "
        "time (target: 10x)"
    )
    return out


def gemm_peak(n, dtype, repeats=5):
    """Best-of-``repeats`` FLOP/s of an ``n x n`` by ``n x n`` product, timed
    in this process's CPU time (so per thread: run it with one thread)."""
    import torch

    a = torch.randn(n, n).to(dtype)
    b = torch.randn(n, n).to(dtype)
    a @ b
    best = float("inf")
    for _ in range(repeats):
        tic = time.process_time()
        a @ b
        best = min(best, time.process_time() - tic)
    return 2 * n**3 / best


def _matmul_counter():
    """A torch dispatch mode that adds up the FLOPs of every matrix product
    (``mm``, ``addmm``, ``bmm``), forward and backward passes alike, from the
    operands' shapes."""
    import torch
    from torch.utils._python_dispatch import TorchDispatchMode

    aten = torch.ops.aten

    class MatmulFlops(TorchDispatchMode):
        flops = 0

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            packet = func.overloadpacket
            if packet is aten.mm:
                (m, k), n = args[0].shape, args[1].shape[1]
                self.flops += 2 * m * k * n
            elif packet is aten.addmm:
                (m, k), n = args[1].shape, args[2].shape[1]
                self.flops += 2 * m * k * n
            elif packet is aten.bmm:
                (b, m, k), n = args[0].shape, args[1].shape[2]
                self.flops += 2 * b * m * k * n
            return func(*args, **(kwargs or {}))

    return MatmulFlops()


def step_flops(train, categorical, seed):
    """Matrix-multiply FLOPs of one skgan training step (one critic and one
    generator update), counted from the shapes of the products it runs."""
    model = make_skgan(1, categorical, seed).fit(train)
    model.set_params(warm_start=True, epochs=1)
    with _matmul_counter() as counter:
        # One batch of rows: exactly one step.
        model.fit(train.iloc[:BATCH])
    return counter.flops, model


def section_efficiency(args, report, speed=None):
    import torch

    train, _ = load_tables(min(int(args.rows.split(",")[0]), 32561), 10, args.seed)
    categorical = [c for c in train.columns if train[c].dtype == object]
    flops, model = step_flops(train, categorical, args.seed)
    steps = max(1, len(train) // BATCH)
    if speed and len(train) in speed["summary"]:
        epoch = speed["summary"][len(train)]["steady_epoch_cpu_s"]["skgan"]
    else:
        _, figures = fit_tool("skgan", train, categorical, 3, args.seed)
        epoch = figures["steady_epoch_cpu_s"]
    step = epoch / steps
    fp32 = gemm_peak(args.gemm_size, torch.float32)
    bf16 = gemm_peak(args.gemm_size, torch.bfloat16)
    achieved = flops / step
    report(
        f"one training step (batch {BATCH}, encoded width "
        f"{model.encoder_.n_encoded_}, widths {DIMS}): {flops / 1e9:.2f} GFLOP; "
        f"CPU time per step {step * 1e3:.1f} ms ({len(train):,} rows, {steps} "
        f"steps per epoch) -> {achieved / 1e9:.1f} GFLOP/s per thread"
    )
    report(
        f"GEMM peak ({args.gemm_size}^3, CPU time, {torch.get_num_threads()} "
        f"thread(s)): "
        f"fp32 {fp32 / 1e9:.1f} GFLOP/s, bf16 {bf16 / 1e9:.1f} GFLOP/s; the "
        f"step (precision {model.precision_}) runs at {achieved / fp32:.0%} of "
        f"the fp32 peak and {achieved / bf16:.0%} of the bf16 peak (target: 60%)"
    )
    return {"step_gflop": flops / 1e9, "step_ms": step * 1e3,
            "achieved_gflops": achieved / 1e9, "fp32_peak_gflops": fp32 / 1e9,
            "bf16_peak_gflops": bf16 / 1e9, "fraction_of_fp32_peak": achieved / fp32,
            "fraction_of_bf16_peak": achieved / bf16, "precision": model.precision_}


def mixed_table(n_rows, seed, n_numeric=10, n_categorical=10):
    """A generated table: skewed, multi-modal and integer numbers, and
    categories with Zipf-like frequencies, some columns tied to others."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    columns = {}
    base = rng.normal(size=n_rows)
    for j in range(n_numeric):
        kind = j % 5
        if kind == 0:
            values = base * (1 + j) + rng.normal(scale=0.5, size=n_rows)
        elif kind == 1:
            values = rng.lognormal(mean=j / 5, sigma=0.8, size=n_rows)
        elif kind == 2:
            centre = rng.choice([-3.0, 0.0, 4.0], size=n_rows, p=[0.3, 0.5, 0.2])
            values = centre + rng.normal(scale=0.4, size=n_rows)
        elif kind == 3:
            values = rng.integers(18, 90, size=n_rows)
        else:
            values = np.where(rng.random(n_rows) < 0.7, 0.0, rng.exponential(
                1000.0, size=n_rows))
        columns[f"num{j}"] = values
    cardinalities = [2, 3, 5, 8, 12, 20, 30, 50, 4, 6][:n_categorical]
    for j, k in enumerate(cardinalities):
        probs = 1.0 / np.arange(1, k + 1)
        probs /= probs.sum()
        codes = rng.choice(k, size=n_rows, p=probs)
        if j % 3 == 0:
            # Tie the category to the first numeric column.
            codes = np.where(base > 1.0, (codes + 1) % k, codes)
        labels = np.array([f"c{j}_{i}" for i in range(k)], dtype=object)
        columns[f"cat{j}"] = labels[codes]
    return pd.DataFrame(columns)


def scale_worker(n_rows, args):
    """One table size, in its own process: returns its figures as a dict."""
    import resource

    import torch

    from skgan._sampler import TableEncoder

    torch.set_num_threads(args.threads)
    frame = mixed_table(n_rows, args.seed)
    categorical = [c for c in frame.columns if frame[c].dtype == object]
    model = make_skgan(args.scale_epochs, categorical, args.seed)
    clock = EpochClock()
    model._clock = clock
    totals = {}
    with timed_methods(TableEncoder, ["fit", "transform"], totals), PeakRSS() as rss:
        tic = time.perf_counter()
        model.fit(frame)
        fit_s = time.perf_counter() - tic
    model._clock = None
    with PeakRSS() as sample_rss:
        tic, cpu = time.perf_counter(), time.process_time()
        synthetic = model.sample(n_rows, random_state=0)
        sample_s, sample_cpu = time.perf_counter() - tic, time.process_time() - cpu
    assert synthetic.shape == frame.shape
    epoch_cpu = float(np.median(clock.cpu_durations))
    return {
        "rows": n_rows,
        "encoded_width": model.encoder_.n_encoded_,
        "precision": model.precision_,
        "encoder_fit_s": totals["fit"],
        "encoder_fit_cpu_s": totals["fit_cpu"],
        "encoder_transform_s": totals["transform"],
        "encoder_transform_cpu_s": totals["transform_cpu"],
        "fit_s": fit_s,
        "epoch_s": clock.durations,
        "epoch_cpu_s": clock.cpu_durations,
        "epoch_cpu_s_per_million_rows": epoch_cpu / n_rows * 1e6,
        "fit_peak_rss_mb": rss.peak / 2**20,
        "sample_s": sample_s,
        "sample_cpu_s": sample_cpu,
        "sample_peak_rss_mb": sample_rss.peak / 2**20,
        "process_max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def encoder_fit_numeric(n_rows, seed):
    """Wall and CPU seconds of the table encoder's fit on ``n_rows`` x 10
    numeric columns."""
    from skgan._sampler import TableEncoder

    frame = mixed_table(n_rows, seed, n_numeric=10, n_categorical=0)
    tic, cpu = time.perf_counter(), time.process_time()
    TableEncoder([], random_state=seed).fit(frame)
    return time.perf_counter() - tic, time.process_time() - cpu, frame.shape


def section_scale(args, report):
    out = {"sizes": []}
    for n_rows in [int(r) for r in args.scale_rows.split(",")]:
        command = [
            sys.executable, os.path.abspath(__file__), "--scale-worker", str(n_rows),
            "--threads", str(args.threads), "--scale-epochs", str(args.scale_epochs),
            "--precision", args.precision,
            "--seed", str(args.seed),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            report(f"{n_rows:,} rows: worker failed\n{done.stderr[-2000:]}")
            continue
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        out["sizes"].append(figures)
        report(
            f"{n_rows:>9,} x 20 (encoded width {figures['encoded_width']}, "
            f"{figures['precision']}): encoder fit {figures['encoder_fit_s']:.1f} s "
            f"({figures['encoder_fit_cpu_s']:.1f} s CPU), transform "
            f"{figures['encoder_transform_s']:.1f} s "
            f"({figures['encoder_transform_cpu_s']:.1f} s CPU), epoch "
            f"{np.median(figures['epoch_s']):.1f} s "
            f"({np.median(figures['epoch_cpu_s']):.1f} s CPU, "
            f"{figures['epoch_cpu_s_per_million_rows']:.1f} s CPU per million "
            f"rows), peak RSS in fit {figures['fit_peak_rss_mb']:.0f} MB, "
            f"sample({n_rows:,}) {figures['sample_s']:.1f} s "
            f"({figures['sample_cpu_s']:.1f} s CPU, peak RSS "
            f"{figures['sample_peak_rss_mb']:.0f} MB)"
        )
    seconds, cpu, shape = encoder_fit_numeric(args.encoder_rows, args.seed)
    out["encoder_numeric"] = {"rows": shape[0], "columns": shape[1],
                              "fit_s": seconds, "fit_cpu_s": cpu}
    report(f"encoder fit on {shape[0]:,} x {shape[1]} numeric columns: "
           f"{seconds:.1f} s ({cpu:.1f} s CPU; target: under 10 s)")
    return out


# ---------------------------------------------------------------------- main


def main(argv=None):
    args = parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    PRECISION["value"] = args.precision
    if args.scale_worker:
        print(json.dumps(scale_worker(args.scale_worker, args)))
        return
    import ctgan
    import skgan

    sections = args.sections.split(",")
    print(
        f"CPU: {_cpu_name()}, {os.cpu_count()} logical CPUs; torch "
        f"{torch.__version__}, threads: {torch.get_num_threads()}; skgan "
        f"{skgan.__version__}, ctgan {ctgan.__version__}; batch {BATCH}, "
        f"pac {PAC}, widths {DIMS} for both; load average "
        f"{os.getloadavg()[0]:.1f}",
        flush=True,
    )

    def report(text):
        print(text, flush=True)

    results = {"args": vars(args)}
    if "speed" in sections:
        report(f"\n## speed ({args.epochs} epochs per fit, {args.repeats} "
               "repeat(s), tools alternating)")
        results["speed"] = section_speed(args, report)
    if "quality" in sections:
        report("\n## time to quality")
        results["quality"] = section_quality(args, report)
    if "efficiency" in sections:
        report("\n## efficiency")
        results["efficiency"] = section_efficiency(args, report, results.get("speed"))
    if "scale" in sections:
        report("\n## scale (skgan alone)")
        results["scale"] = section_scale(args, report)
    report(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=1, default=float)


if __name__ == "__main__":
    main()
