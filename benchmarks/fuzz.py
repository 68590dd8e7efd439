"""Fuzz every reader, the windowed path and whole runs; print the number of cases and every failure.

    python benchmarks/fuzz.py [--cases 10000] [--seed N] [--only text --only warc ...]

Uses the hypothesis strategies of tests/ingest/fuzz.py (random bytes, random
Unicode, broken HTML, malformed JSONL/CSV rows, cut or damaged Parquet and
WARC files). Of the cases, 2% are whole `claimlens run`s (rules pipeline) over
random folders of such files, 10% random documents through the windowed
path, the rest split evenly between the six readers. A failure is shrunk by
hypothesis and printed with its input; the script goes on with the next
target and exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # `tests` as a package (tests/ingest/fuzz.py uses relative imports)


def _targets(cases: int) -> dict[str, tuple[int, Callable[[], None], list[int]]]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from pipeline.nlp.build import get_nlp
    from tests.ingest.fuzz import FILES, check_reader, nasty_text
    from tests.test_fuzz_runs import check_windows, folder_files, run_folder

    n_runs = max(1, cases // 50)
    n_windows = max(1, cases // 10)
    n_reader, extra = divmod(max(len(FILES), cases - n_runs - n_windows), len(FILES))
    targets: dict[str, tuple[int, Callable[[], None], list[int]]] = {}

    def conf(n: int) -> settings:
        return settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))

    def reader_test(fmt: str, n: int) -> tuple[Callable[[], None], list[int]]:
        count = [0]

        def one(data: bytes) -> None:
            count[0] += 1
            with tempfile.TemporaryDirectory() as tmp:
                check_reader(fmt, data, Path(tmp))

        return conf(n)(given(data=FILES[fmt])(one)), count

    for i, fmt in enumerate(FILES):
        test, count = reader_test(fmt, n_reader + (i < extra))
        targets[fmt] = (n_reader + (i < extra), test, count)

    nlp = get_nlp("rules")
    w_count = [0]

    def windows(text: str, size: int) -> None:
        w_count[0] += 1
        check_windows(text, size, nlp)

    targets["windows"] = (n_windows, conf(n_windows)(given(text=nasty_text(80), size=st.integers(20, 400))(windows)),
                          w_count)
    r_count = [0]

    def runs(files: list[tuple[str, bytes]], max_chars: int | None) -> None:
        r_count[0] += 1
        run_folder(files, max_chars)

    targets["runs"] = (n_runs, conf(n_runs)(given(files=folder_files, max_chars=st.sampled_from([None, 1000]))(runs)),
                       r_count)
    return targets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--only", action="append", help="text, html, jsonl, csv, parquet, warc, windows or runs")
    args = ap.parse_args()
    import warnings

    warnings.filterwarnings("ignore")
    total, failures = 0, []
    t0 = time.perf_counter()
    for name, (planned, test, count) in _targets(args.cases).items():
        if args.only and name not in args.only:
            continue
        t1 = time.perf_counter()
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints a warning per damaged record
                test()
            status = "ok"
        except Exception as exc:  # noqa: BLE001 - reported, then the next target
            status = "FAILED"
            failures.append((name, "".join(traceback.format_exception(exc))[-4000:]))
        total += count[0]
        print(f"{name:8s} {count[0]:6,} cases ({planned:,} planned)  {time.perf_counter() - t1:7.1f} s  {status}",
              flush=True)
    print(f"total    {total:6,} cases  {time.perf_counter() - t0:7.1f} s  {len(failures)} failure(s)")
    for name, text in failures:
        print(f"\n=== {name} ===\n{text}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
