"""One tokenizer on code: round trip, segmentation of code tokens, tokens per line, bytes."""

from __future__ import annotations

from dataclasses import dataclass

from codecanary.audit.tokenizer.code_tokens import INDENT_RUNS, code_tokens
from codecanary.audit.tokenizer.corpus import CodeCorpus
from codecanary.audit.tokenizer.findings import (
    LanguageProfile,
    RoundTripFailure,
    TokenizerProfile,
    TokenRef,
)
from codecanary.audit.tokenizer.hashing import file_sha256
from codecanary.audit.tokenizer.loading import LoadedTokenizer

#: Round-trip failures kept in a report (all are counted).
MAX_FAILURES_SHOWN = 50


@dataclass(frozen=True)
class Encoded:
    """The corpus encoded by one tokenizer: ids per line, per language."""

    ids: dict[str, list[list[int]]]


def encode_corpus(tokenizer: LoadedTokenizer, corpus: CodeCorpus) -> Encoded:
    return Encoded({language: tokenizer.encode_batch(lines) for language, lines in corpus.items()})


def pieces(tokenizer: LoadedTokenizer, ids: list[int]) -> list[str]:
    return [tokenizer.texts.get(i, f"<id {i}>") for i in ids]


def _segments(tokenizer: LoadedTokenizer, strings: list[str]) -> dict[str, list[str]]:
    encoded = tokenizer.encode_batch(strings)
    return {text: pieces(tokenizer, ids) for text, ids in zip(strings, encoded, strict=True)}


def profile(tokenizer: LoadedTokenizer, corpus: CodeCorpus,
            encoded: Encoded | None = None) -> tuple[TokenizerProfile, Encoded]:
    """Everything the audit says about one tokenizer alone."""
    encoded = encoded or encode_corpus(tokenizer, corpus)
    failures: list[RoundTripFailure] = []
    n_failures = 0
    languages: list[LanguageProfile] = []
    for language, lines in corpus.items():
        line_ids = encoded.ids[language]
        for line, ids in zip(lines, line_ids, strict=True):
            decoded = tokenizer.decode(ids)
            if decoded != line:
                n_failures += 1
                if len(failures) < MAX_FAILURES_SHOWN:
                    failures.append(RoundTripFailure(language=language, line=line,
                                                     decoded=decoded))
        tokens = code_tokens(language)
        strings = [s for text in (*tokens.keywords, *tokens.operators) for s in (text, " " + text)]
        segments = _segments(tokenizer, strings) if strings else {}
        n_tokens = sum(len(ids) for ids in line_ids)
        languages.append(LanguageProfile(
            language=language, lines=len(lines), tokens=n_tokens,
            tokens_per_line=round(n_tokens / len(lines), 3) if lines else 0.0,
            segments=segments,
            multi_token=sorted(s for s, p in segments.items() if len(p) > 1 and s[0] != " ")))
    missing = [b for b in range(256) if b not in tokenizer.byte_ids]
    result = TokenizerProfile(
        path=str(tokenizer.path), format=str(tokenizer.format),
        sha256=file_sha256(tokenizer.path), vocab_size=tokenizer.vocab_size,
        special_tokens=[TokenRef(token=text, id=i)
                        for i, text in sorted(tokenizer.special.items())],
        byte_mode=str(tokenizer.byte_mode), bytes_covered=256 - len(missing),
        bytes_missing=missing, indentation=_segments(tokenizer, list(INDENT_RUNS)),
        languages=languages, roundtrip_lines=corpus.n_lines, roundtrip_failed=n_failures,
        roundtrip_failures=failures)
    return result, encoded
