def split_even(total_cents, people):
    if not people:
        raise ValueError("nobody to split between")
    if total_cents < 0:
        raise ValueError("negative total")
    base, extra = divmod(total_cents, len(people))
    return {p: base + (1 if i < extra else 0) for i, p in enumerate(people)}
