"""Child process for ``test_storage_crash``: writes answers until it is killed.

Usage: ``python tests/crash_writer.py DATA_DIR``. Prints ``ready`` once the store is open, then
one answer id per line, each printed (and flushed) only AFTER ``record_answer`` has returned,
i.e. after the answer was committed. Importing this module does nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from foottrainer.storage import Store

    if len(argv) != 2:
        print("usage: crash_writer.py DATA_DIR", file=sys.stderr)
        return 2
    store = Store.open(Path(argv[1]))
    profile = store.default_profile()
    attempt = store.unfinished_attempt(profile.id, "crash-lesson")
    attempt_id = attempt.id if attempt else store.start_attempt(profile.id, "crash-lesson")
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    n = 0
    while True:
        answer = store.record_answer(
            attempt_id, f"q{n % 20}", {"n": n, "pad": "x" * (n % 500)}, 1.0, n % 2 == 0, n
        )
        out.write(answer.id + "\n")
        out.flush()
        if n % 25 == 0:  # mix in other kinds of writes
            store.set_state(profile.id, "last_n", n)
            store.end_visit(store.start_visit(profile.id, "crash-lesson"), 1.5)
        n += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
