import functools

from .cache import _MISSING, LRUCache


def memoize(capacity=128):
    def wrap(fn):
        cache = LRUCache(capacity)

        @functools.wraps(fn)
        def inner(*args):
            value = cache.get(args, _MISSING)
            if value is _MISSING:
                value = fn(*args)
                cache.put(args, value)
            return value

        inner.cache = cache
        return inner

    return wrap
