"""Schedule slot leases: one claimant per slot, take-over only of a dead owner's slot."""

from __future__ import annotations

from datetime import UTC, datetime

from codecanary.store import Store

SLOT = datetime(2026, 1, 1, 5, tzinfo=UTC)


def test_a_slot_is_claimed_once(any_store: Store) -> None:
    assert any_store.claim_slot("daily", "gpt", SLOT, "a", 60)
    assert not any_store.claim_slot("daily", "gpt", SLOT, "b", 60)
    assert any_store.claim_slot("daily", "claude", SLOT, "b", 60)  # another subject's slot
    assert any_store.last_slot("daily", "gpt") == SLOT
    assert any_store.slots(unfinished=True) == []  # leases still valid


def test_expired_lease_is_taken_over_by_one_process(any_store: Store) -> None:
    assert any_store.claim_slot("daily", "gpt", SLOT, "dead", -1)  # lease already over
    (stale,) = any_store.slots(unfinished=True)
    assert any_store.take_over_slot(stale, "b", 60)
    assert not any_store.take_over_slot(stale, "c", 60)  # b got it first
    assert not any_store.renew_slot("daily", "gpt", SLOT, "dead", 60)
    assert any_store.renew_slot("daily", "gpt", SLOT, "b", 60)
    any_store.set_slot("daily", "gpt", SLOT, "b", run_id="r1")
    any_store.set_slot("daily", "gpt", SLOT, "b", state="done")
    (done,) = any_store.slots("daily")
    assert (done.state, done.owner, done.run_id) == ("done", "b", "r1")
    assert any_store.slots(unfinished=True) == []


def test_interrupted_slot_is_offered_for_resumption(any_store: Store) -> None:
    assert any_store.claim_slot("daily", "gpt", SLOT, "a", 60)
    any_store.set_slot("daily", "gpt", SLOT, "a", state="interrupted", run_id="r1")
    (slot,) = any_store.slots(unfinished=True)
    assert (slot.state, slot.run_id) == ("interrupted", "r1")
    assert any_store.take_over_slot(slot, "b", 60)
