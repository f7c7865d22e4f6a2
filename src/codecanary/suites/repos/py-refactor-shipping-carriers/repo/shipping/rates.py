from decimal import Decimal, ROUND_HALF_UP


def _money(x):
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def shipping_cost(carrier, weight_kg, express=False):
    if weight_kg <= 0:
        raise ValueError("weight must be positive")
    if carrier == "post":
        if weight_kg > 2:
            raise ValueError("post only takes parcels up to 2 kg")
        price = Decimal("3.20") if weight_kg <= 0.5 else Decimal("5.80")
        if express:
            price += Decimal("4.00")
    elif carrier == "parcel":
        if weight_kg > 30:
            raise ValueError("parcel only takes parcels up to 30 kg")
        price = Decimal("6.00") + Decimal("1.00") * Decimal(str(weight_kg))
        if express:
            price = price * Decimal("1.5")
    elif carrier == "freight":
        price = max(Decimal("45.00"), Decimal("2.10") * Decimal(str(weight_kg)))
        if express:
            raise ValueError("freight has no express service")
    else:
        raise KeyError(carrier)
    return _money(price)
