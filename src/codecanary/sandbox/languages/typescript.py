"""TypeScript: ``main.ts`` = code + tests, type-checked and compiled by ``tsc --strict``."""

from __future__ import annotations

from codecanary.sandbox.languages.base import Language

TYPESCRIPT = Language(
    name="typescript",
    main_file="main.ts",
    compile_argv=("tsc", "--strict", "--target", "es2020", "--module", "commonjs",
                  "--lib", "es2020,dom", "main.ts"),
    run_argv=("node", "--max-old-space-size={memory_mb}", "{art}/main.js"),
    artefacts=("main.js",),
    toolchain=("tsc", "node"),
    fence_tags=("typescript", "ts"),
    address_space_extra_mb=2048,
    compile_address_space_mb=None,
)
