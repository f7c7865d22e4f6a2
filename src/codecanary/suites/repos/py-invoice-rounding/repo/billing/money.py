from decimal import Decimal


def to_cents(amount):
    """Round an amount (str, int, float or Decimal) to a Decimal with two places."""
    return Decimal(str(round(float(amount), 2))).quantize(Decimal("0.01"))


def fmt(amount):
    return f"{to_cents(amount):.2f}"
