from .parser import parse_line
from .records import read_records

__all__ = ["parse_line", "read_records"]
