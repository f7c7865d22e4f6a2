from .invoice import Invoice, Line
from .money import to_cents

__all__ = ["Invoice", "Line", "to_cents"]
