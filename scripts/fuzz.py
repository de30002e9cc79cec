"""Fuzz the promise that a spec `check` accepts builds, for longer than the suite does.

    python scripts/fuzz.py                    # 300 cases, seed 1
    python scripts/fuzz.py --cases 500 --seed 7

Each case mutates the seed campaign one to three times (see tests/fuzzing.py), runs
`packpack check`, and `packpack build` if check accepted it. Prints the tally: cases,
accepted and built, rejected, accepted but failed to build, and tracebacks (the last two
should be zero), with what each of those said.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import fuzzing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pick = fuzzing.Pick.seeded(args.seed)
    tally = fuzzing.Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.cases):
            fuzzing.try_case(fuzzing.case(pick), Path(tmp), tally)
            if (n + 1) % 25 == 0:
                print(f"  {n + 1} cases...", flush=True)
    print(f"cases {tally.cases}, accepted and built {tally.accepted_built}, rejected "
          f"{tally.rejected}, accepted but failed {len(tally.accepted_failed)}, tracebacks "
          f"{len(tally.tracebacks)}")
    for what, items in (("accepted but failed", tally.accepted_failed),
                        ("tracebacks", tally.tracebacks)):
        for said, n in Counter(items).most_common():
            print(f"  {what} ({n}x): {said}")
    for n, spec in enumerate(tally.specs, 1):
        kept = Path(f"fuzz-failure-{n}.yaml")
        kept.write_text(spec)
        print(f"  spec of failure {n}: {kept}")
    sys.exit(1 if tally.accepted_failed or tally.tracebacks else 0)


if __name__ == "__main__":
    main()
