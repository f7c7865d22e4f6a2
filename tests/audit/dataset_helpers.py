"""Shared helpers of the dataset-audit tests (not a conftest: other audits share the folder)."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path
from typing import Any

from codecanary.audit.dataset import AuditOptions, DatasetReport, audit_dataset


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(tmp_path: Path, records: list[Any], **options: Any
        ) -> tuple[DatasetReport, dict[str, dict[str, str]]]:
    """Audit the records in-process; returns the report and evidence by record id."""
    options.setdefault("workers", 1)
    options.setdefault("builtin_targets", False)
    data = write_jsonl(tmp_path / "data.jsonl", records)
    out = io.StringIO()
    report = audit_dataset([str(data)], AuditOptions(**options), flags_out=out)
    flagged: dict[str, dict[str, str]] = {}
    for line in out.getvalue().splitlines():
        item = json.loads(line)
        flagged[item["id"] or item["source"]] = item["evidence"]
    return report, flagged


def code(rid: str, text: str, language: str = "python") -> dict[str, Any]:
    return {"id": rid, "language": language, "code": text}


def rename_and_reformat(source: str) -> str:
    """Rename every bound identifier consistently and re-indent with 2 spaces."""
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Store)}
    names |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    names |= {f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    mapping = {n: f"renamed_{k}" for k, n in enumerate(sorted(names))}

    class Renamer(ast.NodeTransformer):
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

    text = ast.unparse(Renamer().visit(tree))
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        lines.append("  " * ((len(line) - len(stripped)) // 4) + stripped)
    return "\n".join(lines) + "\n"
