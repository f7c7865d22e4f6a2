"""Two versions of a tokenizer: vocabulary additions, removals, remaps; corpus drift."""

from __future__ import annotations

from dataclasses import dataclass

from codecanary.audit.tokenizer.analysis import Encoded
from codecanary.audit.tokenizer.code_tokens import is_critical
from codecanary.audit.tokenizer.corpus import CodeCorpus
from codecanary.audit.tokenizer.findings import Remap, SegmentationChange, TokenRef
from codecanary.audit.tokenizer.loading import LoadedTokenizer


@dataclass(frozen=True)
class VocabDiff:
    added: list[TokenRef]
    removed: list[TokenRef]
    remapped: list[Remap]


def _identity(tokenizer: LoadedTokenizer, surface: bool) -> dict[bytes, int]:
    """Token identity -> id; surface text when the two files are of different formats."""
    if not surface:
        return tokenizer.ids
    return {text.encode("utf-8", "surrogatepass"): i for i, text in tokenizer.texts.items()}


def diff_vocab(old: LoadedTokenizer, new: LoadedTokenizer) -> VocabDiff:
    """Tokens added, removed and remapped between ``old`` and ``new``.

    ``string-moved``: the same string has another id. ``id-reused``: an id of OLD
    now holds a string OLD did not have (so its embedding row belongs to another token).
    """
    surface = old.format != new.format
    old_ids, new_ids = _identity(old, surface), _identity(new, surface)
    old_keys = {i: key for key, i in old_ids.items()}

    def text(tok: LoadedTokenizer, i: int) -> str:
        return tok.texts.get(i, "")

    added = [TokenRef(token=text(new, i), id=i) for key, i in new_ids.items() if key not in old_ids]
    removed = [TokenRef(token=text(old, i), id=i) for key, i in old_ids.items()
               if key not in new_ids]
    remapped: list[Remap] = []
    for key, new_id in new_ids.items():
        old_id = old_ids.get(key)
        token = text(new, new_id)
        if old_id is not None and old_id != new_id:
            remapped.append(Remap(token=token, old_id=old_id, new_id=new_id, kind="string-moved",
                                  critical=is_critical(token)))
        elif old_id is None and new_id in old_keys:
            previous = text(old, new_id)
            remapped.append(Remap(token=token, old_id=None, new_id=new_id, kind="id-reused",
                                  previous=previous,
                                  critical=is_critical(token) or is_critical(previous)))
    added.sort(key=lambda t: t.id)
    removed.sort(key=lambda t: t.id)
    remapped.sort(key=lambda r: (not r.critical, r.new_id))
    return VocabDiff(added=added, removed=removed, remapped=remapped)


def diff_segmentation(old: LoadedTokenizer, new: LoadedTokenizer, corpus: CodeCorpus,
                      old_encoded: Encoded, new_encoded: Encoded
                      ) -> dict[str, SegmentationChange]:
    """Per language: lines split differently (by surface pieces, not ids) and token inflation."""
    out: dict[str, SegmentationChange] = {}
    for language, lines in corpus.items():
        changed = id_changed = 0
        tokens_old = tokens_new = 0
        for a, b in zip(old_encoded.ids[language], new_encoded.ids[language], strict=True):
            tokens_old += len(a)
            tokens_new += len(b)
            id_changed += a != b
            if len(a) != len(b) or any(old.texts.get(i) != new.texts.get(j)
                                       for i, j in zip(a, b, strict=True)):
                changed += 1
        out[language] = SegmentationChange(
            language=language, lines=len(lines), changed_lines=changed,
            share_changed=round(changed / len(lines), 4) if lines else 0.0,
            id_changed_lines=id_changed,
            share_id_changed=round(id_changed / len(lines), 4) if lines else 0.0,
            tokens_old=tokens_old, tokens_new=tokens_new,
            inflation=round(tokens_new / tokens_old - 1, 4) if tokens_old else 0.0)
    return out
