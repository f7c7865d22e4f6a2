from .cache import LRUCache
from .decorator import memoize
