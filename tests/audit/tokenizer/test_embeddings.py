"""Embedding tables (synthesized: trained rows vs rows drawn from the init distribution)
against cl100k_base and its variants: rows vs vocabulary, seed mismatch, untrained rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from codecanary.audit.tokenizer import TokenizerFileError, load_embeddings, load_tokenizer
from codecanary.audit.tokenizer.embeddings import audit_embeddings
from codecanary.audit.tokenizer.loading import LoadedTokenizer
from tests.audit.tokenizer.conftest import APPENDED, BLOCK, SWAPPED, synthesized_table

DIM = 32
VOCAB = 100_256
#: Ordinary and code-critical ids whose rows are left at initialisation.
UNTRAINED = [*range(70_000, 70_050), 711]  # 711 is " def"


@pytest.fixture(scope="module")
def old(cl100k: Path) -> LoadedTokenizer:
    return load_tokenizer(cl100k)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("emb")
    trained = synthesized_table(VOCAB, DIM)
    out = {"trained": root / "trained.npy", "untrained": root / "untrained.safetensors",
           "padded": root / "padded.npy", "dups": root / "dups.npy"}
    np.save(out["trained"], trained)
    save_file({"model.embed_tokens.weight": synthesized_table(VOCAB, DIM, untrained=UNTRAINED),
               "lm_head.weight": trained}, str(out["untrained"]))
    # 64 padding rows beyond the vocabulary, left at initialisation (Magikarp's reference).
    np.save(out["padded"], synthesized_table(VOCAB + 64, DIM, untrained=range(VOCAB, VOCAB + 64)))
    dups = trained.copy()
    dups[[90_001, 90_002, 90_003]] = dups[90_000]
    np.save(out["dups"], dups)
    return out


def test_trained_table_alone_has_no_finding(old: LoadedTokenizer,
                                            tables: dict[str, Path]) -> None:
    report = audit_embeddings(load_embeddings(tables["trained"]), old, None)
    assert (report.rows, report.dim, report.vocab_size) == (VOCAB, DIM, VOCAB)
    assert report.ids_beyond_rows == [] and report.seed_mismatch == []
    assert report.untrained_candidates == []


def test_untrained_rows_are_found_critical_first(old: LoadedTokenizer,
                                                 tables: dict[str, Path]) -> None:
    with pytest.raises(TokenizerFileError, match="holds 2 tensors"):
        load_embeddings(tables["untrained"])
    matrix = load_embeddings(tables["untrained"], "model.embed_tokens.weight")
    report = audit_embeddings(matrix, old, None)
    found = [r.id for r in report.untrained_candidates]
    assert sorted(found) == sorted(UNTRAINED)
    assert found[0] == 711 and report.untrained_candidates[0].token == " def"
    assert all("low-norm" in r.indicators for r in report.untrained_candidates)
    assert all(r.norm_percentile < 0.1 for r in report.untrained_candidates)


def test_appended_tokens_read_padding_rows_never_trained(old: LoadedTokenizer,
                                                         variants: dict[str, Path],
                                                         tables: dict[str, Path]) -> None:
    new = load_tokenizer(variants["appended"])
    report = audit_embeddings(load_embeddings(tables["padded"]), old, new)
    assert report.ids_beyond_rows == []
    assert [m.id for m in report.seed_mismatch] == list(range(VOCAB, VOCAB + len(APPENDED)))
    assert all(m.trained_for is None for m in report.seed_mismatch)
    assert report.reference_unused_rows >= 64
    assert report.untrained_candidates == []


def test_appended_tokens_beyond_the_rows_are_fatal(old: LoadedTokenizer,
                                                   variants: dict[str, Path],
                                                   tables: dict[str, Path]) -> None:
    new = load_tokenizer(variants["appended"])
    report = audit_embeddings(load_embeddings(tables["trained"]), old, new)
    assert [t.id for t in report.ids_beyond_rows] == list(range(VOCAB, VOCAB + len(APPENDED)))


def test_seed_mismatch_names_every_moved_id(old: LoadedTokenizer, variants: dict[str, Path],
                                            tables: dict[str, Path]) -> None:
    new = load_tokenizer(variants["incident"])
    report = audit_embeddings(load_embeddings(tables["padded"]), old, new)
    moved = {m.id for m in report.seed_mismatch if m.trained_for is not None}
    swapped = {old.ids[t] for pair in SWAPPED for t in pair}
    assert moved == {i for i in BLOCK if i != BLOCK[0] + BLOCK[-1] - i} | swapped
    first = report.seed_mismatch[0]
    assert first.critical and first.id in swapped
    assert {old.texts[first.id], first.trained_for} <= {t.decode() for p in SWAPPED for t in p}
    # Re-aligned table: declared as trained for NEW, no seed mismatch is claimed.
    realigned = audit_embeddings(load_embeddings(tables["padded"]), old, new, trained_for="new")
    assert realigned.seed_mismatch == []


def test_duplicate_rows(old: LoadedTokenizer, tables: dict[str, Path]) -> None:
    report = audit_embeddings(load_embeddings(tables["dups"]), old, None)
    assert {r.id for r in report.untrained_candidates} == {90_000, 90_001, 90_002, 90_003}
    assert all("duplicate" in r.indicators for r in report.untrained_candidates)


@pytest.mark.parametrize("shape", [(10,), (2, 3, 4)])
def test_wrong_rank_is_one_clear_error(tmp_path: Path, shape: tuple[int, ...]) -> None:
    npy = tmp_path / "e.npy"
    np.save(npy, np.zeros(shape, dtype=np.float16))
    with pytest.raises(TokenizerFileError, match=r"expected a 2-D matrix"):
        load_embeddings(npy)
    st = tmp_path / "e.safetensors"
    save_file({"w": np.zeros(shape, dtype=np.float32)}, str(st))
    with pytest.raises(TokenizerFileError, match=r"tensor 'w' has shape .* expected a 2-D"):
        load_embeddings(st)


def test_truncated_safetensors(tmp_path: Path) -> None:
    st = tmp_path / "e.safetensors"
    save_file({"w": np.ones((100, 8), dtype=np.float16)}, str(st))
    st.write_bytes(st.read_bytes()[:-100])
    with pytest.raises(TokenizerFileError, match="truncated"):
        load_embeddings(st)


def test_bfloat16_is_widened(tmp_path: Path) -> None:
    values = np.array([[1.0, -2.5], [0.5, 3.0]], dtype=np.float32)
    raw = (values.view(np.uint32) >> 16).astype(np.uint16)
    path = tmp_path / "bf16.safetensors"
    header = b'{"w":{"dtype":"BF16","shape":[2,2],"data_offsets":[0,8]}}'
    path.write_bytes(len(header).to_bytes(8, "little") + header + raw.tobytes())
    matrix = load_embeddings(path)
    assert np.array_equal(matrix.block(0, 2), values)


def test_like_unused_rows_with_trained_norms(old: LoadedTokenizer, tmp_path: Path) -> None:
    """Rows that drifted together with the padding rows (one shared direction, as weight
    decay and shared gradients leave them in real models) but kept ordinary norms:
    only the cosine indicator can find them."""
    dim, rows = 64, VOCAB + 64
    rng = np.random.default_rng(3)
    table = synthesized_table(rows, dim).astype(np.float32)
    shared = rng.standard_normal(dim).astype(np.float32)
    shared *= np.sqrt(dim) / np.linalg.norm(shared)
    drifted = [*range(80_000, 80_020), *range(VOCAB, rows)]
    table[drifted] = shared + 0.3 * rng.standard_normal((len(drifted), dim))
    path = tmp_path / "drift.npy"
    np.save(path, table.astype(np.float16))
    report = audit_embeddings(load_embeddings(path), old, None)
    found = {r.id: r for r in report.untrained_candidates}
    assert set(found) == set(range(80_000, 80_020))
    assert all(r.indicators == ["like-unused"] for r in found.values())
    assert all(r.cosine_to_unused is not None and r.cosine_to_unused > 0.9
               for r in found.values())
    assert report.thresholds["cosine_min"] == 5 / 8
