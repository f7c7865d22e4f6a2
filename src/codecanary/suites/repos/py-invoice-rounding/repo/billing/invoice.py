from dataclasses import dataclass, field
from decimal import Decimal

from .money import fmt, to_cents


@dataclass
class Line:
    description: str
    quantity: int
    unit_price: str

    def total(self):
        return to_cents(Decimal(self.unit_price) * self.quantity)


@dataclass
class Invoice:
    tax_rate: str = "0"
    lines: list = field(default_factory=list)

    def add(self, description, quantity, unit_price):
        self.lines.append(Line(description, quantity, str(unit_price)))
        return self

    def subtotal(self):
        return sum((line.total() for line in self.lines), Decimal("0.00"))

    def tax(self):
        return to_cents(self.subtotal() * Decimal(self.tax_rate))

    def total(self):
        return self.subtotal() + self.tax()

    def render(self):
        rows = [f"{l.description}: {fmt(l.total())}" for l in self.lines]
        rows.append(f"TOTAL: {fmt(self.total())}")
        return "\n".join(rows)
