"""Every size limit on untrusted input, in one place: lesson files, the data files they name, and answers.

A lesson file comes from anyone (a teacher's folder, a classmate, a download) and runs on a shared machine,
so nothing in it may make a command slow or large. Each limit is far above what the shipped course uses
(the number after "shipped" is the largest value in ``lessons/``), and docs/authoring.md lists them for
authors. ``gdtutor validate`` reports a value over a limit at its ``file:line:col``.

This module imports nothing, so every layer (the data reader in ``core`` too) can use it.
"""

from __future__ import annotations

# ---- the lesson file

LESSON_BYTES = 256 * 1024  # shipped: 11 KB. Read with a bounded read: a larger file is refused unread.
TEXT_CHARS = 20_000  # one prompt, hint, option ... (shipped: under 1,000)
FORMULA_CHARS = 500  # one formula: objective, mistake, of (shipped: under 40)
STEPS = 100  # steps in one lesson (shipped: 18)
LIST_ITEMS = 100  # hints, mistakes, derivation lines, skills ... in one list (shipped: 5)
TESTS = 200  # self-tests in one lesson (shipped: 24)
CHOICE_OPTIONS = 26  # options of one choice step, one letter each (shipped: 4)

# ---- the solver's work

ITERATIONS = 10_000  # updates in one run: iterations, an explore's count (shipped: 3,000)
ITERATE_ROWS = 50  # rows of one iterate table (shipped: 10), each row a run of at most ITERATIONS
FEATURES = 20  # features (columns before y) of a data set (shipped: 2)
DATA_ROWS = 1_000  # examples in a lesson's data set, inline or in a data_file (shipped: 11)
# Updates × examples × parameters of one run: a gradient costs about examples × parameters, so this bounds
# the time of a run whatever its shape (shipped: 3,000 × 11 × 2 = 66,000).
DESCENT_WORK = 10_000_000
RANDOM_MAGNITUDE = 1e9  # the bounds of a {random: [low, high]} draw (shipped: 10)
RANDOM_GRID = 1_000_000  # values on a random draw's step grid (shipped: 40)

# ---- data files

DATA_BYTES = 256 * 1024  # a lesson's data_file (shipped: none; 1,000 rows of 20 features fit)
SOLVE_DATA_BYTES = 64 * 1024 * 1024  # a data set given to ``gdtutor solve --data``
SOLVE_DATA_ROWS = 1_000_000  # its examples

# ---- answers

ANSWER_CHARS = 2_000  # one typed answer; a longer one is refused before any parsing
