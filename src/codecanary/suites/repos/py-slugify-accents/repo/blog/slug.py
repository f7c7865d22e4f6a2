import re

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(title):
    text = title.lower()
    text = "".join(ch for ch in text if ch.isascii())
    return _NON_WORD.sub("-", text).strip("-")


def unique_slug(title, taken):
    base = slugify(title) or "post"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
