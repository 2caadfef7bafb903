"""Kill a real writer process with SIGKILL many times; no confirmed answer may be lost."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import IO

from foottrainer.storage import Store

TESTS_DIR = Path(__file__).resolve().parent
SRC_DIR = TESTS_DIR.parent / "src"
WRITER = TESTS_DIR / "crash_writer.py"
ROUNDS = 15
TIME_BUDGET_S = 18.0


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(SRC_DIR)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _pump(stream: IO[bytes], lines: Queue[bytes | None]) -> None:
    for line in iter(stream.readline, b""):
        lines.put(line)
    lines.put(None)


def _run_and_kill(data_dir: Path, lifetime_s: float) -> list[str]:
    """Start the writer, let it write for ``lifetime_s`` after it is ready, SIGKILL it."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_env(),
    )
    lines: Queue[bytes | None] = Queue()
    reader = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
    reader.start()
    try:
        try:
            first = lines.get(timeout=15)
        except Empty:
            first = None
        if first != b"ready\n":
            proc.kill()
            _, err = proc.communicate(timeout=10)
            raise AssertionError(f"writer did not start: {first!r} {err.decode(errors='replace')}")
        time.sleep(lifetime_s)
    finally:
        proc.kill()  # SIGKILL on POSIX: no atexit, no close(), no checkpoint
        proc.wait(timeout=10)
        reader.join(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()
        if proc.stdout is not None:
            proc.stdout.close()
    confirmed: list[str] = []
    while True:
        line = lines.get_nowait()
        if line is None:
            break
        if line.endswith(b"\n"):  # a line cut short by the kill is not a confirmation
            confirmed.append(line.decode().strip())
    return confirmed


def test_sigkilled_writer_loses_no_confirmed_answer(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    confirmed: list[str] = []
    started = time.monotonic()
    rounds = 0
    while rounds < ROUNDS and time.monotonic() - started < TIME_BUDGET_S - 1.5:
        confirmed += _run_and_kill(data_dir, rng.uniform(0.05, 0.4))
        rounds += 1
    assert rounds >= 5, f"only {rounds} rounds fitted in the time budget"
    assert len(confirmed) > rounds, f"too few answers confirmed (seed {seed})"
    assert len(set(confirmed)) == len(confirmed)

    conn = sqlite3.connect(data_dir / "progress.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in conn.execute("SELECT id FROM answers")}
    finally:
        conn.close()
    missing = set(confirmed) - stored
    assert not missing, f"{len(missing)} confirmed answers lost (seed {seed}, {rounds} rounds)"
    assert len(set(confirmed) & stored) == len(confirmed)

    assert not list(data_dir.glob("progress.corrupt-*"))
    with Store.open(data_dir) as store:
        assert store.recovery is None
        assert len(store.attempts(store.default_profile().id, "crash-lesson")) == 1
