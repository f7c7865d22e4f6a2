from .loader import Flag, load_flags
from .check import is_on
