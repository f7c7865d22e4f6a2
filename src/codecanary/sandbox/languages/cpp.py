"""C++17: ``main.cpp`` = code + tests, built with ``g++ -std=c++17 -O2``."""

from __future__ import annotations

from codecanary.sandbox.languages.base import Language

CPP = Language(
    name="cpp",
    main_file="main.cpp",
    compile_argv=("g++", "-std=c++17", "-O2", "-o", "prog", "main.cpp"),
    run_argv=("{art}/prog",),
    artefacts=("prog",),
    toolchain=("g++",),
    fence_tags=("cpp", "c++", "cxx", "cc"),
    address_space_extra_mb=64,
)
