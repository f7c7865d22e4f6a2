"""Java 17: ``Main.java`` = hoisted imports + code (top-level ``public`` removed) + tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from codecanary.sandbox.languages.base import Language

_IMPORT = re.compile(r"^\s*import\s+(static\s+)?[\w.]+(\.\*)?\s*;\s*$", re.MULTILINE)
_PUBLIC_TYPE = re.compile(
    r"^public\s+((?:(?:final|abstract|sealed|non-sealed|static|strictfp)\s+)*"
    r"(?:class|interface|enum|record|@interface)\b)",
    re.MULTILINE,
)
# Keep the JVM's fixed reservations small so the address-space rlimit bites on the heap.
_JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompressedClassSpaceSize=64m",
              "-XX:ReservedCodeCacheSize=48m", "-XX:MaxMetaspaceSize=128m", "-Xss8m")


def _split_imports(source: str) -> tuple[list[str], str]:
    imports = [m.group(0).strip() for m in _IMPORT.finditer(source)]
    return imports, _IMPORT.sub("", source)


@dataclass(frozen=True)
class JavaLanguage(Language):
    def program_files(self, code: str, tests: str, entry_point: str) -> dict[str, str]:
        code_imports, code_body = _split_imports(code)
        test_imports, test_body = _split_imports(tests)
        imports = list(dict.fromkeys(code_imports + test_imports))
        code_body = _PUBLIC_TYPE.sub(r"\1", code_body)
        head = "\n".join(imports)
        return {self.main_file: f"{head}\n\n{code_body.strip()}\n\n{test_body.strip()}\n"}


JAVA = JavaLanguage(
    name="java",
    main_file="Main.java",
    compile_argv=("javac", "-J-Xmx512m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
                  "-encoding", "UTF-8", "-d", ".", "Main.java"),
    run_argv=("java", "-Xmx{memory_mb}m", *_JVM_FLAGS, "-cp", "{art}", "Main"),
    artefacts=("*.class",),
    toolchain=("javac", "java"),
    fence_tags=("java",),
    host_binds=("/etc/java-17-openjdk",),
    address_space_extra_mb=1024,
    compile_address_space_mb=None,
)
