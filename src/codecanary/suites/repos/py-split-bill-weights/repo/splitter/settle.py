from collections import defaultdict

from .split import split_even


def settle(expenses):
    """Return person -> balance in cents (positive: is owed money)."""
    bal = defaultdict(int)
    for e in expenses:
        bal[e["payer"]] += e["amount"]
        for person, share in split_even(e["amount"], e["people"]).items():
            bal[person] -= share
    return dict(bal)
