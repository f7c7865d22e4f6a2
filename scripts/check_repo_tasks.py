#!/usr/bin/env python3
"""Validate the repository-level tasks under src/codecanary/suites/repos/.

For every task directory (or the ones named on the command line):

  (a) task.toml has every field, with sane values;
  (b) the repo's existing tests pass on an unpatched copy of repo/;
  (c) with the hidden tests copied in, the hidden tests FAIL on the unpatched tree;
  (d) on a fresh copy, solution.patch passes `git apply --check`, applies, touches only
      allowed_paths; the existing tests pass; with the hidden tests copied in they PASS;
  (e) crude mutants of the lines the patch adds (one flipped comparison, +/-, boolean or
      and/or at a time) are run against the hidden tests; the kill rate is reported.

Usage: scripts/check_repo_tasks.py [-j N] [--max-mutants N] [--no-mutants] [TASK ...]
Exit status 1 when any task fails (a)-(d), or when a kill rate is below --min-kill.
Caches (GOCACHE, CARGO_TARGET_DIR, ...) live in one temporary directory per run.
"""
from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "codecanary" / "suites" / "repos"
LANGS = {"python", "javascript", "typescript", "go", "rust"}
CATS = {"bug_fix", "feature", "refactor", "multi_file", "config", "debugging"}
DIFFS = {"easy", "medium", "hard"}
FIELDS = {"id": str, "language": str, "categories": list, "difficulty": str,
          "instruction": str, "time_limit_s": int, "test_command": list,
          "existing_test_command": list, "allowed_paths": list}
TIMEOUT = 180

# (pattern, replacement); applied to one occurrence at a time on an added line
MUTATIONS = [
    (r"===", "!=="), (r"!==", "==="), (r"(?<![!=<>])==(?!=)", "!="), (r"!=(?!=)", "=="),
    (r"(?<=\s)<=(?=\s)", ">"), (r"(?<=\s)>=(?=\s)", "<"),
    (r"(?<=\s)<(?=\s)", ">="), (r"(?<=\s)>(?=\s)", "<="), (r"(?<=\s)\+(?=\s)", "-"),
    (r"(?<=\s)-(?=\s)", "+"), (r"\+=", "-="), (r"-=", "+="), (r"\btrue\b", "false"),
    (r"\bfalse\b", "true"), (r"\bTrue\b", "False"), (r"\bFalse\b", "True"),
    (r"&&", "||"), (r"\|\|", "&&"), (r"(?<=\s)and(?=\s)", "or"), (r"(?<=\s)or(?=\s)", "and"),
]
COMMENT = re.compile(r"^\s*(#|//|/\*|\*|\"\"\"|''')")


def load_toml(task: Path) -> tuple[dict, list[str]]:
    errs = []
    try:
        meta = tomllib.loads((task / "task.toml").read_text())
    except Exception as exc:
        return {}, [f"task.toml: {exc}"]
    for k, t in FIELDS.items():
        if k not in meta:
            errs.append(f"task.toml: missing {k}")
        elif not isinstance(meta[k], t):
            errs.append(f"task.toml: {k} should be {t.__name__}")
    if errs:
        return meta, errs
    if meta["id"] != f"repos/{task.name}":
        errs.append(f"id {meta['id']!r} != repos/{task.name}")
    if meta["language"] not in LANGS:
        errs.append(f"bad language {meta['language']}")
    if not meta["categories"] or set(meta["categories"]) - CATS:
        errs.append(f"bad categories {meta['categories']}")
    if meta["difficulty"] not in DIFFS:
        errs.append(f"bad difficulty {meta['difficulty']}")
    if len(meta["instruction"].strip()) < 40:
        errs.append("instruction too short")
    for k in ("repo", "tests", "solution.patch"):
        if not (task / k).exists():
            errs.append(f"missing {k}")
    repo = task / "repo"
    nfiles = sum(1 for p in repo.rglob("*") if p.is_file()) if repo.is_dir() else 0
    if not 4 <= nfiles <= 20:
        errs.append(f"repo/ has {nfiles} files (want 4-20)")
    if (task / "repo").is_dir() and not (task / "repo" / "README.md").exists():
        errs.append("repo/ has no README.md")
    return meta, errs


def env_for(cache: Path, task: str) -> dict:
    env = dict(os.environ)
    env.update(GOCACHE=str(cache / "go-build"), GOPATH=str(cache / "gopath"),
               GOFLAGS="-mod=mod", GOPROXY="off", GO111MODULE="on", GOTOOLCHAIN="local",
               CARGO_TARGET_DIR=str(cache / "cargo" / task), CARGO_NET_OFFLINE="true",
               PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    return env


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[bool, str]:
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, "timeout"
    return p.returncode == 0, (p.stdout + p.stderr)[-3000:]


def copy_hidden(task: Path, tree: Path) -> None:
    shutil.copytree(task / "tests", tree, dirs_exist_ok=True)


def fresh(task: Path, tmp: Path, name: str) -> Path:
    dst = tmp / name
    shutil.copytree(task / "repo", dst)
    return dst


def patched_files(patch: str) -> list[str]:
    files = []
    for line in patch.splitlines():
        m = re.match(r"^diff --git a/(\S+) b/(\S+)$", line)
        if m:
            files += [m.group(1), m.group(2)]
    return sorted(set(files))


def allowed(path: str, globs: list[str]) -> bool:
    for g in globs:
        if fnmatch.fnmatch(path, g) or (g.endswith("/**") and path.startswith(g[:-2])):
            return True
    return False


def added_lines(patch: str) -> list[tuple[str, str]]:
    """(file, line) for every line the patch adds."""
    out, cur = [], None
    for line in patch.splitlines():
        if line.startswith("+++ "):
            cur = line[6:] if line.startswith("+++ b/") else None
        elif line.startswith("+") and cur and not COMMENT.match(line[1:]):
            out.append((cur, line[1:]))
    return out


def mutants(tree: Path, patch: str, limit: int) -> list[tuple[str, str, str]]:
    """(file, original line, mutated line); spread evenly over the candidates."""
    cands = []
    for f, line in added_lines(patch):
        for pat, rep in MUTATIONS:
            for m in re.finditer(pat, line):
                before = line[:m.start()]
                if before.count('"') % 2 or before.count("`") % 2:
                    continue  # inside a string literal
                mut = line[:m.start()] + rep + line[m.end():]
                cands.append((f, line, mut))
    seen, uniq = set(), []
    for c in cands:
        if c not in seen and (tree / c[0]).exists() and c[1] in (tree / c[0]).read_text():
            seen.add(c)
            uniq.append(c)
    if len(uniq) <= limit:
        return uniq
    step = len(uniq) / limit
    return [uniq[int(i * step)] for i in range(limit)]


def check(task: Path, cache: Path, max_mut: int) -> dict:
    res = {"task": task.name, "errors": [], "mutants": 0, "killed": 0, "survivors": []}
    meta, errs = load_toml(task)
    res["errors"] += errs
    if errs:
        return res
    res["meta"] = meta
    env = env_for(cache, task.name)
    tc, ec = meta["test_command"], meta["existing_test_command"]
    with tempfile.TemporaryDirectory(prefix="crt-") as t:
        tmp = Path(t)
        # (b) + (c)
        tree = fresh(task, tmp, "orig")
        ok, out = run(ec, tree, env)
        if not ok:
            res["errors"].append(f"(b) existing tests fail on the unpatched tree:\n{out}")
        copy_hidden(task, tree)
        ok, out = run(tc, tree, env)
        if ok:
            res["errors"].append("(c) hidden tests PASS on the unpatched tree")
        # (d)
        tree = fresh(task, tmp, "patched")
        patch = (task / "solution.patch").read_text()
        for f in patched_files(patch):
            if not allowed(f, meta["allowed_paths"]):
                res["errors"].append(f"(d) patch touches {f}, outside allowed_paths")
        pfile = tmp / "solution.patch"
        pfile.write_text(patch)
        ok, out = run(["git", "apply", "--check", str(pfile)], tree, env)
        if not ok:
            res["errors"].append(f"(d) git apply --check: {out}")
            return res
        run(["git", "apply", str(pfile)], tree, env)
        ok, out = run(ec, tree, env)
        if not ok:
            res["errors"].append(f"(d) existing tests fail on the patched tree:\n{out}")
        copy_hidden(task, tree)
        ok, out = run(tc, tree, env)
        if not ok:
            res["errors"].append(f"(d) hidden tests fail on the patched tree:\n{out}")
            return res
        # (e)
        if max_mut <= 0:
            return res
        for f, line, mut in mutants(tree, patch, max_mut):
            fp = tree / f
            orig = fp.read_text()
            fp.write_text(orig.replace(line, mut, 1))
            ok, _ = run(tc, tree, env)
            fp.write_text(orig)
            res["mutants"] += 1
            if not ok:
                res["killed"] += 1
            else:
                res["survivors"].append(f"{f}: {line.strip()!r} -> {mut.strip()!r}")
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tasks", nargs="*", help="task directory names (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="tasks checked at once (1-2)")
    ap.add_argument("--max-mutants", type=int, default=8)
    ap.add_argument("--no-mutants", action="store_true")
    ap.add_argument("--min-kill", type=float, default=0.5, help="fail below this kill rate")
    ap.add_argument("-v", "--verbose", action="store_true", help="list surviving mutants")
    a = ap.parse_args()
    names = a.tasks or sorted(p.name for p in ROOT.iterdir() if (p / "task.toml").exists())
    cache = Path(tempfile.mkdtemp(prefix="crt-cache-"))
    bad = 0
    totals = [0, 0]
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(a.jobs, 2))) as ex:
            futs = [ex.submit(check, ROOT / n, cache, 0 if a.no_mutants else a.max_mutants)
                    for n in names]
            for fut in futs:
                r = fut.result()
                m = r.get("meta", {})
                rate = r["killed"] / r["mutants"] if r["mutants"] else None
                low = rate is not None and rate < a.min_kill
                status = "FAIL" if r["errors"] else ("LOW " if low else "ok  ")
                bad += bool(r["errors"]) or low
                totals[0] += r["killed"]
                totals[1] += r["mutants"]
                kr = f"{r['killed']}/{r['mutants']}" if r["mutants"] else "-"
                print(f"{status} {r['task']:<34} {m.get('language', '?'):<10} "
                      f"{m.get('difficulty', '?'):<6} mutants killed {kr}", flush=True)
                for e in r["errors"]:
                    print("     " + e.replace("\n", "\n     "))
                if a.verbose:
                    for s in r["survivors"]:
                        print("     survived: " + s)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if totals[1]:
        print(f"\n{len(names)} tasks, {bad} failing; mutants killed {totals[0]}/{totals[1]} "
              f"({100 * totals[0] / totals[1]:.0f}%)")
    else:
        print(f"\n{len(names)} tasks, {bad} failing")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
