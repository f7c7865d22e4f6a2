from .slug import unique_slug


def index(titles):
    taken, out = set(), []
    for t in titles:
        s = unique_slug(t, taken)
        taken.add(s)
        out.append((s, t))
    return out
