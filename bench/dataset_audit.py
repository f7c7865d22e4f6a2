"""Dataset audit: throughput, memory, recall per injected defect, false flags on clean code.

Generates a seeded dataset of real code written by others, injects defects of
every kind into a share of it, runs :func:`codecanary.audit.dataset.audit_dataset`
end to end (reading the file, every static check, near-duplicates, contamination)
and prints records/s, peak RSS, the recall of each injected kind and the false-flag
rate of each flag on the clean records.

Clean code (sampled with ``random.Random(seed)``, documented so it can be redone):

* Python: every top-level function and method of the standard library of the
  interpreter running this script (``sysconfig.get_paths()["stdlib"]``, its test
  package included; ``lib2to3`` and ``site-packages`` excluded), cut out with
  their line range (decorators left out) and dedented; kept when 4-80 lines long.
* JavaScript: ``function_declaration`` (and generator) nodes (4-80 lines) found
  by tree-sitter in every ``.js`` file under ``/usr/lib/node_modules`` and
  ``/usr/share/nodejs`` (npm, corepack, typescript...).
* TypeScript: ``interface_declaration``, ``type_alias_declaration`` and
  ``function_signature``/``class_declaration`` nodes of the ``.d.ts`` files found
  there (typescript's own ``lib.*.d.ts``).

Exact duplicates (whitespace ignored) and Python stubs (a body that is only
``pass``/``...``/``raise NotImplementedError``) are dropped from the pool; nothing
else is filtered, so a stdlib function that really calls ``eval`` on a variable or
has dense lint findings counts against the false-flag rate. The one exception is
``near_duplicate``: a hit on a clean record whose exact 5-gram Jaccard with the
matched record is >= 0.7 is a true near-duplicate in the real code (the stdlib's
codec modules share one ``getregentry``), reported apart and not counted as false.

    python bench/dataset_audit.py [--records 50000] [--seed 7] [--workers 2] [--keep FILE]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import resource
import string
import sys
import sysconfig
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

from codecanary.audit.dataset import AuditOptions, audit_dataset
from codecanary.suites import load_suite

KINDS = ("format_error", "wrong_language", "syntax_error", "truncated", "placeholder",
         "corrupted", "secret", "lint", "insecure", "exact_duplicate", "near_duplicate",
         "contamination")
DEFECT_SHARE = 0.012  # per kind: 12 kinds -> ~14% of the records carry one defect
_SKIP_DIRS = ("site-packages", "lib2to3")
_JS_NODES = {"function_declaration", "generator_function_declaration"}
_TS_NODES = {"interface_declaration", "type_alias_declaration", "class_declaration",
             "function_signature"}


def python_pool() -> list[str]:
    root = Path(sysconfig.get_paths()["stdlib"])
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if any(part in _SKIP_DIRS for part in path.relative_to(root).parts):
            continue
        try:
            src = path.read_text(encoding="utf-8")
            tree = ast.parse(src)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        lines = src.splitlines(keepends=True)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            end = node.end_lineno or node.lineno
            if not 4 <= end - node.lineno + 1 <= 80:
                continue
            # Whole lines (cheaper than ast.get_source_segment, which re-splits the file).
            code = textwrap.dedent("".join(lines[node.lineno - 1:end]))
            if not code.endswith("\n"):
                code += "\n"
            try:
                body = ast.parse(code).body[0].body  # type: ignore[attr-defined]
            except SyntaxError:
                continue
            if _is_stub(body):
                continue  # a stub is what the placeholder flag looks for, not clean code
            out.append(code)
    return out


def _is_stub(body: list[ast.stmt]) -> bool:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return len(body) == 1 and (isinstance(body[0], ast.Pass) or (
        isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
        and body[0].value.value is Ellipsis) or (
        isinstance(body[0], ast.Raise) and "NotImplemented" in ast.unparse(body[0])))


def _ts_nodes(language: str, suffix: str, kinds: set[str]) -> list[str]:
    import tree_sitter

    from codecanary.languages.treesitter import parser_for

    parser = parser_for(language)
    assert parser is not None and parser.language is not None
    query = tree_sitter.Query(parser.language, " ".join(f"({k}) @n" for k in sorted(kinds)))
    out: list[str] = []
    roots = [Path("/usr/lib/node_modules"), Path("/usr/share/nodejs")]
    files = sorted(p for r in roots if r.is_dir() for p in r.rglob(f"*{suffix}"))
    for path in files:
        if suffix == ".js" and path.name.endswith(".min.js"):
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        tree = parser.parse(data)
        nodes = tree_sitter.QueryCursor(query).captures(tree.root_node).get("n", [])
        for node in nodes:
            rows = node.end_point.row - node.start_point.row + 1
            if 4 <= rows <= 80 and not node.has_error:
                text = data[node.start_byte:node.end_byte].decode("utf-8", "replace")
                out.append(textwrap.dedent(" " * node.start_point.column + text) + "\n")
    return out


_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "codecanary-bench"


def pools() -> dict[str, list[str]]:
    """The clean-code pools (cached: walking typescript.js with tree-sitter takes minutes)."""
    cache = _CACHE / f"dataset-pools-py{sys.version_info[0]}{sys.version_info[1]}.json"
    if cache.is_file():
        cached: dict[str, list[str]] = json.loads(cache.read_text(encoding="utf-8"))
        return cached
    found = {"python": python_pool(),
             "javascript": _ts_nodes("javascript", ".js", _JS_NODES),
             "typescript": _ts_nodes("typescript", ".d.ts", _TS_NODES)}
    for lang, codes in found.items():
        seen: set[str] = set()
        uniq = []
        for c in codes:
            key = " ".join(c.split())
            if key not in seen:
                seen.add(key)
                uniq.append(c)
        found[lang] = uniq
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(found), encoding="utf-8")
    return found


# ---------------------------------------------------------------- injections

def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _insert_line(code: str, line: str, rng: random.Random) -> str:
    lines = code.rstrip("\n").split("\n")
    at = rng.randint(1, max(1, len(lines) - 1))
    indent = len(lines[at]) - len(lines[at].lstrip()) if at < len(lines) else 4
    indent = max(indent, len(lines[1]) - len(lines[1].lstrip())) if len(lines) > 1 else 4
    lines.insert(at, " " * indent + line)
    return "\n".join(lines) + "\n"


def secret_line(lang: str, rng: random.Random) -> str:
    up, alnum = string.ascii_uppercase + string.digits, string.ascii_letters + string.digits
    value = rng.choice([
        "AKIA" + _rand(rng, up, 16),
        "ghp_" + _rand(rng, alnum, 36),
        "sk_live_" + _rand(rng, alnum, 24),
        "xoxb-" + _rand(rng, string.digits, 11) + "-" + _rand(rng, alnum, 24),
    ])
    name = rng.choice(["api_key", "token", "secret", "aws_key"])
    if lang == "python":
        return f'{name} = "{value}"'
    return f'const {name} = "{value}";'


def insecure_line(lang: str, rng: random.Random) -> str:
    if lang == "python":
        return rng.choice(["os.system('rm -rf ' + path)", "result = eval(user_input)",
                           "obj = pickle.loads(payload)",
                           "subprocess.run(cmd, shell=True)",
                           "cursor.execute(f\"SELECT * FROM users WHERE id = {uid}\")"])
    return rng.choice(["const r = eval(input);", "child_process.exec(`ls ${dir}`);",
                       "el.innerHTML = html;",
                       "db.query(`SELECT * FROM t WHERE id = ${id}`);"])


LINT_BLOCK = ("import os, sys, re, json\n"
              "def _helper(a, b=[]):\n"
              "    try:\n"
              "        x = 1\n"
              "    except:\n"
              "        pass\n"
              "    if a == None:\n"
              "        return not a == b\n"
              "    global q\n"
              "    return a\n")


def placeholder(code: str, lang: str) -> str:
    first = code.split("\n", 1)[0]
    if lang == "python":
        return first + "\n    pass\n" if first.rstrip().endswith(":") else \
            "def unfinished(x):\n    pass\n"
    if lang == "typescript":
        return "function unfinished(x: number): number {\n  // TODO: implement\n" \
               "  throw new Error(\"not implemented\");\n}\n"
    return "function unfinished(x) {\n  // TODO: implement this\n  return null;\n}\n"


def truncate(code: str, lang: str, rng: random.Random) -> str:
    """Cut the code mid-expression, as a token limit does.

    Brace languages: anywhere between 35% and 80% (a function body's ``{`` stays
    open). Python has no closing token to miss, so the cut lands inside a bracketed
    expression (after an opening bracket that is not in a comment line); a cut at a
    statement boundary of Python code is not detectable by any static check.
    """
    if lang != "python":
        cut = int(len(code) * rng.uniform(0.35, 0.8))
        return code[:cut].rstrip()
    spots = [k for k, ch in enumerate(code) if ch in "([{" and
             not code[code.rfind("\n", 0, k) + 1:k].lstrip().startswith("#")]
    if not spots:
        return code.rstrip() + " +"
    k = rng.choice(spots[len(spots) // 4:] or spots)
    extra = 0
    for ch in code[k + 1:k + 1 + rng.randint(0, 3)]:  # a few characters, no closer
        if ch in ")]}\n":
            break
        extra += 1
    return code[:k + 1 + extra].rstrip()


def syntax_break(code: str, lang: str, rng: random.Random) -> str:
    """A stray token on a new line right after the first line (never inside a string)."""
    lines = code.split("\n")
    stray = rng.choice(["x = = 3", ") ]", "return return"])
    indent = "    " if lang == "python" else "  "
    lines.insert(1, indent + stray + (";" if lang != "python" else ""))
    return "\n".join(lines)


def corrupt(code: str, rng: random.Random) -> str:
    choice = rng.randrange(3)
    if choice == 0:
        return _insert_line(code, "# rÃ©sumÃ© dÃ©jÃ  vu", rng) if code.startswith("def") \
            else _insert_line(code, "// rÃ©sumÃ© dÃ©jÃ  vu", rng)
    if choice == 1:
        lines = code.rstrip("\n").split("\n")
        solid = [k for k, ln in enumerate(lines) if len(ln.strip().strip("{}()[];,")) >= 4]
        k = rng.choice(solid) if solid else 0
        return "\n".join([*lines[:k + 1], *[lines[k]] * 10, *lines[k + 1:]]) + "\n"
    words = ["数据", "结果", "值"]
    return code.replace("(", f"({rng.choice(words)}, ", 1)


def near_copy(code: str, lang: str, rng: random.Random) -> str:
    """One statement line doubled (a line with no quotes, so no string is broken)."""
    lines = code.rstrip("\n").split("\n")
    def statement(line: str) -> bool:
        last = line.rstrip()[-1:]
        return last not in ":([{,\\" if lang == "python" else last == ";"

    spots = [k for k, ln in enumerate(lines[1:], 1) if ln.strip() and not any(
        q in ln for q in "\"'`#") and statement(ln)]
    spots = spots or [k for k, ln in enumerate(lines[1:], 1) if ln.strip()] or [0]
    k = rng.choice(spots)
    lines.insert(k, lines[k])
    return "\n".join(lines) + "\n"


def rename(code: str) -> str:
    """Consistently rename every identifier the code defines or binds (Python)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Store)}
    names |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    names |= {f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    mapping = {n: f"v_{k}_{n[::-1]}" for k, n in enumerate(sorted(names))}

    class R(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            node.id = mapping.get(node.id, node.id)
            return node

        def visit_arg(self, node: ast.arg) -> ast.AST:
            node.arg = mapping.get(node.arg, node.arg)
            return node

        def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
            node.name = mapping.get(node.name, node.name)
            self.generic_visit(node)
            return node

    return ast.unparse(R().visit(tree)) + "\n"  # unparse also reformats


# ---------------------------------------------------------------- records

def as_record(code: str, lang: str, rid: str, rng: random.Random,
              declared: str | None = None) -> dict[str, Any]:
    declared = declared or lang
    fmt = rng.random()
    tag = {"python": "python", "javascript": "javascript", "typescript": "typescript"}[lang]
    if fmt < 0.6:
        return {"id": rid, "language": declared, "code": code}
    answer = f"Here is the implementation:\n\n```{tag}\n{code}```\n\nIt handles the edge cases."
    if fmt < 0.85:
        return {"id": rid, "language": declared, "messages": [
            {"role": "user", "content": "Write the function described in the docs."},
            {"role": "assistant", "content": answer}]}
    return {"id": rid, "language": declared, "prompt": "Implement it.", "completion": answer}


def generate(n: int, seed: int) -> tuple[list[str], dict[str, str]]:
    """JSONL lines and the injected kind of each defective record id."""
    rng = random.Random(seed)
    pool = pools()
    for codes in pool.values():
        rng.shuffle(codes)
    # Languages in proportion to their pools, so no clean record repeats another.
    weights = {lang: float(len(codes)) for lang, codes in pool.items()}
    cursor = dict.fromkeys(pool, 0)
    evals = [t.reference for t in load_suite("humaneval").tasks]
    lines: list[str] = []
    truth: dict[str, str] = {}
    emitted: list[tuple[str, str]] = []  # (code, lang) of clean records so far

    def take(lang: str) -> str:
        codes = pool[lang]
        code = codes[cursor[lang] % len(codes)]
        cursor[lang] += 1
        return code

    for i in range(n):
        rid = f"r{i}"
        lang = rng.choices(list(weights), list(weights.values()))[0]
        kind = rng.choice(KINDS) if rng.random() < DEFECT_SHARE * len(KINDS) else None
        if kind in ("lint",):
            lang = "python"
        if kind in ("exact_duplicate", "near_duplicate") and len(emitted) < 10:
            kind = None
        fresh = kind not in ("exact_duplicate", "near_duplicate", "contamination")
        code = take(lang) if fresh else ""
        rec: dict[str, Any] | None = None
        if kind is None:
            rec = as_record(code, lang, rid, rng)
            emitted.append((code, lang))
        elif kind == "format_error":
            style = rng.randrange(4)
            if style == 0:
                lines.append('{"id": "' + rid + '", "code": "def f(:')  # broken JSON line
                truth[rid] = kind
                continue
            msgs: Any = [{"role": "assistant", "content": f"```\n{code}```"},
                         {"role": "user", "content": "thanks"}]
            if style == 2:
                msgs = [{"role": "user", "content": "write it"},
                        {"role": "assistant", "content": ""}]
            if style == 3:
                msgs = [{"role": "user", "content": ["not", "a", "string"]},
                        {"role": "assistant", "content": f"```{lang}\n{code}```"}]
            rec = {"id": rid, "language": lang, "messages": msgs}
        elif kind == "wrong_language":
            other = "javascript" if lang == "python" else "python"
            src = take(other)
            rec = {"id": rid, "language": lang, "code": src}
        elif kind == "syntax_error":
            rec = as_record(syntax_break(code, lang, rng), lang, rid, rng)
        elif kind == "truncated":
            rec = {"id": rid, "language": lang, "code": truncate(code, lang, rng)}
        elif kind == "placeholder":
            rec = as_record(placeholder(code, lang), lang, rid, rng)
        elif kind == "corrupted":
            rec = as_record(corrupt(code, rng), lang, rid, rng)
        elif kind == "secret":
            rec = as_record(_insert_line(code, secret_line(lang, rng), rng), lang, rid, rng)
        elif kind == "lint":
            rec = as_record(LINT_BLOCK + "\n\n" + code, "python", rid, rng)
        elif kind == "insecure":
            rec = as_record(_insert_line(code, insecure_line(lang, rng), rng), lang, rid, rng)
        elif kind == "exact_duplicate":
            src, slang = rng.choice(emitted)
            rec = as_record(src.replace("\n", "\n\n", 1), slang, rid, rng)
        elif kind == "near_duplicate":
            src, slang = rng.choice([e for e in emitted if e[0].count("\n") >= 12]
                                    or emitted)
            rec = as_record(near_copy(src, slang, rng), slang, rid, rng)
        elif kind == "contamination":
            rec = as_record(rename(rng.choice(evals)), "python", rid, rng)
        if kind is not None:
            truth[rid] = kind
        lines.append(json.dumps(rec, ensure_ascii=False))
    return lines, truth


def _true_near_duplicates(lines: list[str], truth: dict[str, str],
                          near: dict[str, str]) -> set[str]:
    """Clean records flagged near_duplicate whose *exact* shingle Jaccard is >= 0.7.

    The flag's definition is "Jaccard >= 0.7 over 5-token shingles"; MinHash LSH is
    the detector under test. The standard library holds real near-copies (the
    ``getregentry`` of every codec module, ``Int8Array``/``Uint8Array``...), so each
    detector hit on a clean record is checked with exact set arithmetic.
    """
    from codecanary.audit.dataset.normalize import normalise
    from codecanary.audit.dataset.readers import RawRecord
    from codecanary.audit.dataset.shingles import lex, plain_stream, shingles

    def shingle_set(index: int) -> set[bytes]:
        raw = RawRecord("bench", value=json.loads(lines[index]))
        return set(shingles(plain_stream(lex(normalise(raw, index).code))))

    real: set[str] = set()
    for rid, evidence in near.items():
        if rid in truth or "record " not in evidence:
            continue
        a, b = shingle_set(int(rid[1:])), shingle_set(int(evidence.rsplit("record ", 1)[1]))
        if a and b and len(a & b) / len(a | b) >= 0.7:
            real.add(rid)
    return real


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--records", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", default=None, help="also write the generated dataset here")
    ap.add_argument("--keep-flags", default=None, help="also write the flags file here")
    args = ap.parse_args()
    t0 = time.perf_counter()
    lines, truth = generate(args.records, args.seed)
    if args.keep:
        Path(args.keep + ".truth.json").write_text(json.dumps(truth), encoding="utf-8")
    print(f"generated {len(lines)} records ({len(truth)} with an injected defect) in "
          f"{time.perf_counter() - t0:.0f}s; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.keep or Path(tmp) / "dataset.jsonl")
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        flags = Path(args.keep_flags or Path(tmp) / "flags.jsonl")
        started = time.perf_counter()
        r0, k0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
            resource.RUSAGE_CHILDREN)
        cpu_before = r0.ru_utime + r0.ru_stime + k0.ru_utime + k0.ru_stime
        with flags.open("w", encoding="utf-8") as out:
            report = audit_dataset([str(data)], AuditOptions(workers=args.workers),
                                   flags_out=out)
        elapsed = time.perf_counter() - started
        flagged: dict[str, list[str]] = {}
        near: dict[str, str] = {}
        for line in flags.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            flagged[f"r{item['index']}"] = item["flags"]  # one record per line, in order
            if "near_duplicate" in item["evidence"]:
                near[f"r{item['index']}"] = item["evidence"]["near_duplicate"]
    rate = report.records / elapsed
    rss = peak_rss_mb()
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime - cpu_before
    clean_ids = [f"r{i}" for i in range(args.records) if f"r{i}" not in truth]
    print(f"audit: {report.records} records in {elapsed:.1f}s = {rate:.0f} records/s "
          f"({args.workers} workers); peak RSS {rss:.0f} MB; load average now "
          f"{os.getloadavg()[0]:.1f}")
    per = cpu / report.records
    print(f"CPU: {per * 1000:.2f} ms per record (audit process + workers, user+sys); on "
          f"{args.workers} idle cores that is ~{args.workers / per:.0f} records/s")
    print(f"{'kind / flag':<16} {'injected':>8} {'recall':>8} {'false flags on clean':>22}")
    missed: list[str] = []
    by_kind = Counter(truth.values())
    fp = Counter(f for rid in clean_ids for f in flagged.get(rid, []))
    real = _true_near_duplicates(lines, truth, near)
    fp["near_duplicate"] -= len(real)
    for kind in KINDS:
        ids = [rid for rid, k in truth.items() if k == kind]
        hit = sum(1 for rid in ids if kind in flagged.get(rid, []))
        recall = hit / len(ids) if ids else float("nan")
        false = fp.get(kind, 0) / len(clean_ids)
        print(f"{kind:<16} {by_kind[kind]:>8} {recall:>8.1%} {false:>14.2%} "
              f"({fp.get(kind, 0)}/{len(clean_ids)})")
        if not ids or recall < 0.95:
            missed.append(f"recall {kind} {recall:.1%}")
        if false > 0.01:
            missed.append(f"false flags {kind} {false:.2%}")
    print(f"near_duplicate on clean records whose exact 5-gram Jaccard with the matched record "
          f"is >= 0.7 (true near-duplicates in the real code, not counted as false): "
          f"{len(real)}")
    for flag, count in sorted(fp.items()):
        if flag not in KINDS and count / len(clean_ids) > 0.01:
            missed.append(f"false flags {flag} {count / len(clean_ids):.2%}")
    if rate < 1000:
        missed.append(f"throughput {rate:.0f} records/s < 1000")
    if rss > 2048:
        missed.append(f"peak RSS {rss:.0f} MB > 2048")
    print("targets met" if not missed else "targets missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
