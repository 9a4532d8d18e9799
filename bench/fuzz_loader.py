"""Fuzz the facts loader and validator for a fixed time budget.

    python bench/fuzz_loader.py [SECONDS]

Mutates the samples byte by byte and structurally (dictionary tokens YAML cares about),
feeds each result through load → validate → draft, and counts outcomes. Anything but a
draft or a FactsError/TemplateError is a bug: it is saved under bench/fuzz-crashes/.
"""

from __future__ import annotations

import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.errors import ReportgenError  # noqa: E402
from reportgen.loading import decode, load_yaml_text  # noqa: E402
from reportgen.pipeline import draft_facts  # noqa: E402
from reportgen.templating import make_environment  # noqa: E402
from reportgen.validate import validate  # noqa: E402

TOKENS = [
    b"\t", b": ", b"- ", b"[", b"]", b"{", b"}", b"'", b'"', b"&a ", b"*a", b"!!python/object:os.system ",
    b"<<: ", b"#", b"\n", b"  ", "十一".encode(), b"-1", b"\x00", "\u202e".encode(), b"? ", b"|", b">",
    b"%YAML 1.1\n", b"---\n", b"\xef\xbb\xbf", b"\xff", b"9" * 30, b"2024-02-30", b"2024Q5",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            del buf[pos:pos + rng.randint(1, 8)]
        elif op == 1:
            buf[pos:pos] = rng.choice(TOKENS)
        elif op == 2 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op == 3:
            start = rng.randrange(len(buf) + 1)
            buf[pos:pos] = buf[start:start + rng.randint(1, 40)]
        else:
            buf[pos:pos] = rng.choice(TOKENS) * rng.randint(2, 200)
    return bytes(buf)


def main(seconds: float) -> int:
    samples = [p.read_bytes() for p in sorted((ROOT / "samples").glob("*.yaml"))]
    env = make_environment()
    rng = random.Random(20241123)
    crashes = ROOT / "bench" / "fuzz-crashes"
    counts = {"drafted": 0, "refused": 0, "crashed": 0}
    slowest = 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = mutate(rng.choice(samples), rng)
        started = time.monotonic()
        try:
            facts = validate(load_yaml_text(decode(data, "fuzz.yaml"), "fuzz.yaml"))
            draft_facts(facts, env)
            counts["drafted"] += 1
        except ReportgenError:
            counts["refused"] += 1
        except Exception:
            counts["crashed"] += 1
            crashes.mkdir(exist_ok=True)
            name = crashes / f"crash-{counts['crashed']}.yaml"
            name.write_bytes(data)
            print(f"CRASH saved to {name}:\n{traceback.format_exc()}", file=sys.stderr)
        slowest = max(slowest, time.monotonic() - started)
    total = sum(counts.values())
    print(f"{total} inputs in {seconds:.0f} s ({total / seconds:.0f}/s): "
          f"{counts['drafted']} drafted, {counts['refused']} refused with a message, "
          f"{counts['crashed']} crashed; slowest input {slowest * 1000:.1f} ms")
    return 1 if counts["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]) if len(sys.argv) > 1 else 60))
