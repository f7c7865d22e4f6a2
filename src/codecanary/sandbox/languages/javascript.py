"""JavaScript (Node 20, CommonJS): ``main.js`` = candidate code + tests."""

from __future__ import annotations

from codecanary.sandbox.languages.base import Language

JAVASCRIPT = Language(
    name="javascript",
    main_file="main.js",
    run_argv=("node", "--max-old-space-size={memory_mb}", "main.js"),
    toolchain=("node",),
    fence_tags=("javascript", "js", "node", "nodejs"),
    # V8 reserves code and guard regions it never touches.
    address_space_extra_mb=2048,
)
