"""`gdtutor solve` end to end, run as a subprocess: the JSON contract, the table, and exit codes."""

import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

JSON_KEYS = {"params", "history", "theta", "cost", "stopped", "normalization", "predictions"}
HISTORY_KEYS = {"iteration", "theta", "cost", "gradient", "step"}


def solve(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", "solve", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=None if env is None else {**os.environ, **env},
        timeout=60,
    )


def solve_json(*args):
    result = solve(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout, parse_constant=lambda token: pytest.fail(f"invalid JSON token {token}"))


LINE = np.array([[1, 3.1], [2, 4.9], [3, 7.2], [4, 8.8]])
HOUSES = np.array(
    [
        [2104, 3, 399900],
        [1600, 3, 329900],
        [2400, 3, 369000],
        [1416, 2, 232000],
        [3000, 4, 539900],
        [1985, 4, 299900],
    ]
)


@pytest.fixture
def line_data(tmp_path):
    """y ≈ 1 + 2x with a little noise; a header and a comment, as people write them."""
    path = tmp_path / "line.csv"
    path.write_text("x,y\n# made up\n1,3.1\n2,4.9\n3,7.2\n4,8.8\n", encoding="utf-8")
    return path


@pytest.fixture
def houses(tmp_path):
    path = tmp_path / "houses.txt"
    path.write_text("\n".join(" ".join(f"{v:g}" for v in row) for row in HOUSES) + "\n", encoding="utf-8")
    return path


def lstsq(table):
    design = np.column_stack([np.ones(len(table)), table[:, :-1]])
    return np.linalg.lstsq(design, table[:, -1], rcond=None)[0]


def test_data_json_has_exactly_the_contract_keys(line_data):
    out = solve_json("--data", line_data, "--alpha", "0.05", "--iterations", "3", "--predict", "5")
    assert set(out) == JSON_KEYS
    assert out["params"] == ["theta0", "theta1"]
    assert [entry["iteration"] for entry in out["history"]] == [0, 1, 2, 3]
    assert all(set(entry) == HISTORY_KEYS for entry in out["history"])
    assert out["history"][0]["theta"] == [0.0, 0.0]
    assert out["theta"] == out["history"][-1]["theta"]
    assert out["cost"] == out["history"][-1]["cost"]
    assert out["stopped"] == "iterations"
    assert out["normalization"] is None
    # half-MSE at θ = 0 is Σy²/(2m)
    assert out["history"][0]["cost"] == pytest.approx((3.1**2 + 4.9**2 + 7.2**2 + 8.8**2) / 8)
    for before, after in zip(out["history"], out["history"][1:], strict=False):
        step = np.array(before["step"])
        np.testing.assert_allclose(step, 0.05 * np.array(before["gradient"]))
        np.testing.assert_allclose(after["theta"], np.array(before["theta"]) - step)
    (prediction,) = out["predictions"]
    assert prediction["x"] == [5.0]
    assert prediction["y"] == pytest.approx(out["theta"][0] + 5 * out["theta"][1])


def test_data_mse_and_start(line_data):
    out = solve_json(
        "--data", line_data, "--cost", "mse", "--start", "1", "2", "--alpha", "0.01", "--iterations", "0"
    )
    assert out["history"][0]["theta"] == [1.0, 2.0]
    residuals = np.array([3.0, 5.0, 7.0, 9.0]) - np.array([3.1, 4.9, 7.2, 8.8])
    assert out["cost"] == pytest.approx(np.mean(residuals**2))
    assert len(out["history"]) == 1


def test_descent_reaches_the_least_squares_line(line_data):
    out = solve_json("--data", line_data, "--alpha", "0.1", "--iterations", "5000", "--tol", "1e-10")
    assert out["stopped"] == "converged"
    np.testing.assert_allclose(out["theta"], lstsq(LINE), atol=1e-8)


def test_normalized_descent_and_prediction_in_raw_units(houses):
    out = solve_json(
        "--data", houses, "--normalize", "--alpha", "0.3", "--iterations", "3000", "--predict", "1650,3"
    )
    table = HOUSES
    assert out["normalization"]["mu"] == pytest.approx(table[:, :2].mean(axis=0).tolist())
    assert out["normalization"]["sigma"] == pytest.approx(table[:, :2].std(axis=0, ddof=1).tolist())
    raw = lstsq(HOUSES)
    assert out["predictions"][0]["x"] == [1650.0, 3.0]
    assert out["predictions"][0]["y"] == pytest.approx(raw[0] + 1650 * raw[1] + 3 * raw[2], rel=1e-8)


def test_ddof_zero_changes_sigma(houses):
    out = solve_json("--data", houses, "--normalize", "--ddof", "0", "--alpha", "0.1", "--iterations", "1")
    assert out["normalization"]["sigma"] == pytest.approx(HOUSES[:, :2].std(axis=0).tolist())


def test_normal_equation_gives_the_same_keys_and_the_exact_solution(houses):
    out = solve_json("--data", houses, "--method", "normal-equation", "--predict", "2000 3")
    assert set(out) == JSON_KEYS
    assert out["stopped"] == "converged"
    np.testing.assert_allclose(out["theta"], lstsq(HOUSES), rtol=1e-9)
    (entry,) = out["history"]
    assert entry["iteration"] == 0
    assert entry["step"] == [0.0, 0.0, 0.0]
    assert entry["theta"] == out["theta"]


def test_diverging_regression_exits_zero_with_valid_json(houses):
    out = solve_json("--data", houses, "--alpha", "1", "--iterations", "1000")
    assert out["stopped"] == "diverged"
    assert len(out["history"]) < 1000
    last = out["history"][-1]
    assert (
        last["cost"] is None
        or not math.isfinite(last["cost"])
        or last["cost"] > 1e12 * out["history"][0]["cost"]
    )


def test_default_output_is_the_article_table(line_data):
    result = solve("--data", line_data, "--alpha", "0.05", "--iterations", "2", "--predict", "5")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["iteration", "θ₀", "θ₁", "α·∂J/∂θ₀", "α·∂J/∂θ₁", "J"]
    first = lines[1].split()
    assert first[:3] == ["0", "0", "0"]  # iteration 0 is the start, as in --json and the lessons
    assert float(first[-1]) == pytest.approx((3.1**2 + 4.9**2 + 7.2**2 + 8.8**2) / 8, rel=1e-5)
    assert [line.split()[0] for line in lines[2:4]] == ["1", "2"]
    assert lines[4] == ""
    assert "stopped after 2 updates" in result.stdout
    assert "prediction: x = [5] → y = " in result.stdout


def test_plot_adds_a_chart(line_data):
    result = solve("--data", line_data, "--alpha", "0.05", "--iterations", "30", "--plot")
    assert result.returncode == 0
    assert "cost J by iteration" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


def test_plot_with_json_keeps_stdout_valid_json(line_data):
    result = solve("--data", line_data, "--alpha", "0.05", "--iterations", "30", "--plot", "--json")
    assert result.returncode == 0
    json.loads(result.stdout)
    assert "cost J by iteration" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--alpha", "0.1", "--iterations", "1"], "one of the arguments --expr --data is required"),
        (["--data", "{line}", "--iterations", "1"], "--alpha is required"),
        (["--data", "{line}", "--alpha", "0.1"], "--iterations is required"),
        (["--data", "{line}", "--alpha", "abc", "--iterations", "1"], "'abc' is not a number"),
        (["--data", "{line}", "--alpha", "nan", "--iterations", "1"], "not a finite number"),
        (["--data", "{line}", "--alpha", "-1", "--iterations", "1"], "learning rate"),
        (["--data", "{line}", "--alpha", "0.1", "--iterations", "-3"], "iterations"),
        (["--data", "{line}", "--alpha", "0.1", "--iterations", "1", "--start", "1"], "needs 2 values"),
        (
            ["--data", "{line}", "--alpha", "0.1", "--iterations", "1", "--start", "1", "x"],
            "'x' is not a number",
        ),
        (["--data", "{line}", "--alpha", "0.1", "--iterations", "1", "--start", "theta0=1"], "θ0 … θn"),
        (["--data", "{line}", "--alpha", "0.1", "--iterations", "1", "--predict", "1,2"], "needs 1 feature"),
        (["--data", "{line}", "--alpha", "0.1", "--iterations", "1", "--ddof", "0"], "only with --normalize"),
        (["--data", "{line}", "--alpha", "0.1", "--iterations", "1", "--cost", "l1"], "invalid choice"),
        (["--data", "{line}", "--method", "normal-equation", "--alpha", "0.1"], "--alpha has no meaning"),
        (["--data", "{line}", "--method", "normal-equation", "--plot"], "--plot has no meaning"),
        (["--data", "{line}", "--expr", "theta^2"], "not allowed with argument"),
        (["--data", "{missing}", "--alpha", "0.1", "--iterations", "1"], "no such file"),
        (["--data", "{dir}", "--alpha", "0.1", "--iterations", "1"], "is a directory"),
        (["--data", "{bad}", "--alpha", "0.1", "--iterations", "1"], "bad.csv:3: expected 2 numbers, got 3"),
        (["--data", "{word}", "--alpha", "0.1", "--iterations", "1"], "word.csv:2: 'oops' is not a number"),
        (["--data", "{latin}", "--alpha", "0.1", "--iterations", "1"], "not UTF-8"),
        (["--data", "{flat}", "--normalize", "--alpha", "0.1", "--iterations", "1"], "same value"),
        (["--data", "{line}", "--alpha", "0.1", "--iterations", "1", "--nonsense"], "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_and_exit_two(tmp_path, line_data, args, message):
    (tmp_path / "bad.csv").write_text("1,2\n3,4\n5,6,7\n", encoding="utf-8")
    (tmp_path / "word.csv").write_text("1,2\n3,oops\n", encoding="utf-8")
    (tmp_path / "flat.csv").write_text("1,5,2\n2,5,3\n", encoding="utf-8")
    (tmp_path / "latin.csv").write_bytes(b"1,2\n\xff,3\n")
    names = {
        "line": line_data,
        "missing": tmp_path / "missing.csv",
        "dir": tmp_path,
        **{name: tmp_path / f"{name}.csv" for name in ("bad", "word", "flat", "latin")},
    }
    result = solve(*(arg.format(**names) for arg in args))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("gdtutor: ")
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_expr_reproduces_the_article_table_as_json():
    out = solve_json("--expr", "theta^2", "--start", "theta=3", "--alpha", "0.1", "--iterations", "10")
    assert set(out) == JSON_KEYS
    assert out["params"] == ["theta"]
    thetas = [round(entry["theta"][0], 3) for entry in out["history"][:10]]
    steps = [round(entry["step"][0], 3) for entry in out["history"][:10]]
    assert thetas == [3, 2.4, 1.92, 1.536, 1.229, 0.983, 0.786, 0.629, 0.503, 0.403]
    assert steps == [0.6, 0.48, 0.384, 0.307, 0.246, 0.197, 0.157, 0.126, 0.101, 0.081]
    assert out["history"][0]["gradient"] == [6.0]
    assert out["history"][0]["cost"] == 9.0
    assert out["stopped"] == "iterations"
    assert out["normalization"] is None
    assert out["predictions"] == []


def test_expr_default_output_is_the_article_table():
    result = solve("--expr", "theta^2", "--start", "theta=3", "--alpha", "0.1", "--iterations", "10")
    assert result.returncode == 0
    rows = [line.split() for line in result.stdout.splitlines()[1:12]]
    assert [row[0] for row in rows] == [str(k) for k in range(11)]
    assert [round(float(row[1]), 3) for row in rows][:4] == [3, 2.4, 1.92, 1.536]
    assert [round(float(row[2]), 3) for row in rows][9] == 0.081


def test_table_and_json_number_the_same_rows():
    args = ["--expr", "theta^2", "--start", "theta=3", "--alpha", "0.1", "--iterations", "4"]
    table = solve(*args).stdout.splitlines()[1:6]
    history = solve_json(*args)["history"]
    assert [int(line.split()[0]) for line in table] == [entry["iteration"] for entry in history]
    assert [float(line.split()[1]) for line in table] == pytest.approx([e["theta"][0] for e in history])


def test_a_long_table_shows_its_first_and_last_rows():
    result = solve("--expr", "theta^2", "--start", "theta=3", "--alpha", "0.01", "--iterations", "100")
    lines = result.stdout.splitlines()
    numbers = [line.split()[0] for line in lines[1:37]]
    assert numbers == [*map(str, range(25)), "⋮", *map(str, range(91, 101))]
    assert lines[26] == "⋮ 66 more (--json prints them all)"


def test_streamed_json_is_formatted_as_one_json_dumps():
    result = solve(
        "--expr", "theta^2 + theta1^2", "--start", "theta=3", "--alpha", "0.1", "--iterations", "40", "--json"
    )
    assert result.returncode == 0
    assert result.stdout == json.dumps(json.loads(result.stdout)) + "\n"


def test_streamed_json_of_a_diverged_normalized_run_with_predictions_is_one_object(houses):
    result = solve(
        "--data",
        houses,
        "--normalize",
        "--alpha",
        "5",
        "--iterations",
        "3000",
        "--predict",
        "1650,3",
        "--json",
    )
    out = json.loads(result.stdout)
    assert result.stdout == json.dumps(out) + "\n"
    assert out["stopped"] == "diverged"
    assert list(out) == ["params", "history", "theta", "cost", "stopped", "normalization", "predictions"]


def test_expr_unicode_names_missing_start_and_zero_iterations():
    out = solve_json(
        "--expr", "θ₁² + (θ₂ − 1)²", "--start", "theta_1=2", "--alpha", "0.1", "--iterations", "0"
    )
    assert out["params"] == ["theta1", "theta2"]
    (entry,) = out["history"]
    assert entry["theta"] == [2.0, 0.0]
    assert entry["cost"] == 5.0
    assert entry["gradient"] == [4.0, -2.0]


def test_expr_tolerance_converges():
    out = solve_json(
        "--expr", "theta^2", "--start", "theta=3", "--alpha", "0.1", "--iterations", "1000", "--tol", "1e-6"
    )
    assert out["stopped"] == "converged"
    assert abs(out["history"][-1]["gradient"][0]) <= 1e-6
    assert len(out["history"]) < 1000


def test_expr_divergence_is_a_result_with_nulls_not_nan():
    result = solve(
        "--expr", "theta^2", "--start", "theta=1e150", "--alpha", "2", "--iterations", "100", "--json"
    )
    assert result.returncode == 0
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout
    out = json.loads(result.stdout)
    assert out["stopped"] == "diverged"
    assert out["cost"] is None
    assert out["history"][0]["cost"] == pytest.approx(1e300)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--expr", "thet^2"], "did you mean 'theta'?"),
        (["--expr", "__import__('os')"], "--expr:"),
        (
            ["--expr", "theta^2", "--start", "thta=1"],
            "'thta' is not a parameter of the formula; did you mean theta?",
        ),
        (["--expr", "theta^2", "--start", "3"], "write NAME=VALUE"),
        (["--expr", "theta^2", "--start", "theta=1", "θ=2"], "gives theta more than once"),
        (["--expr", "theta^2", "--start", "theta=abc"], "'abc' is not a number"),
        (["--expr", "sum((h - y)^2)"], "uses training data"),
        (["--expr", "theta^2 + alpha"], "uses alpha"),
        (["--expr", "7"], "no parameter"),
        (["--expr", "log(theta)"], "not defined at the start"),
        (["--expr", "theta^2", "--normalize"], "--normalize applies only with --data"),
        (["--expr", "theta^2", "--predict", "1"], "--predict applies only with --data"),
        (["--expr", "theta^2", "--method", "normal-equation"], "needs --data"),
    ],
)
def test_bad_expr_input_is_one_line_and_exit_two(args, message):
    settings = [] if "--method" in args else ["--alpha", "0.1", "--iterations", "3"]
    result = solve(*args, *settings)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("gdtutor: ")
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_a_terminal_without_unicode_gets_ascii_names():
    result = solve(
        "--expr",
        "theta1^2",
        "--alpha",
        "0.1",
        "--iterations",
        "1",
        "--start",
        "theta1=1",
        env={"PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split() == ["iteration", "theta1", "alpha*dJ/dtheta1", "J"]
    assert result.stdout.isascii()


def test_diverged_text_output_says_so():
    result = solve("--expr", "theta^2", "--start", "theta=3", "--alpha", "2", "--iterations", "100")
    assert result.returncode == 0
    assert "diverged after" in result.stdout
    assert "try a smaller α" in result.stdout
