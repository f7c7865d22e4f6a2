"""Go 1.19: ``solution.go`` (code) + ``harness.go`` (tests) + ``go.mod``, ``go build``."""

from __future__ import annotations

from dataclasses import dataclass

from codecanary.sandbox.languages.base import Language

GO_MOD = "module panel\n\ngo 1.19\n"


@dataclass(frozen=True)
class GoLanguage(Language):
    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        return {"solution.go": f"{code.rstrip()}\n", "harness.go": f"{tests.rstrip()}\n",
                "go.mod": GO_MOD}


GO = GoLanguage(
    name="go",
    main_file="solution.go",
    compile_argv=("go", "build", "-o", "prog", "."),
    run_argv=("{art}/prog",),
    artefacts=("prog",),
    toolchain=("go",),
    fence_tags=("go", "golang"),
    env={"GOCACHE": "/work/.gocache", "GOPATH": "/work/.gopath", "GO111MODULE": "on",
         "GOPROXY": "off", "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0", "GOTELEMETRY": "off"},
    address_space_extra_mb=512,
    compile_address_space_mb=None,
)
