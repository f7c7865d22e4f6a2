from .settle import settle
from .split import split_even
