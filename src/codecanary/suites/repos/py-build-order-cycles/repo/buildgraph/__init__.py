from .graph import build_order
from .parse import parse_targets
