from .parse import parse_entry, parse_ts
from .summary import summarize
