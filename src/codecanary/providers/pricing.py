"""Price tables: what a call cost, from the tokens the server reported."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Price(BaseModel):
    """US dollars per million tokens, as providers publish them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input_per_mtok: float = Field(ge=0)
    output_per_mtok: float = Field(ge=0)


def cost_usd(price: Price | None, tokens_in: int | None, tokens_out: int | None) -> float | None:
    """Cost of one call, or ``None`` when there is no price or the server gave no usage.

    A missing count is not treated as zero: a cost built on a guess would look
    exact in reports while being wrong.
    """
    if price is None or tokens_in is None or tokens_out is None:
        return None
    return (tokens_in * price.input_per_mtok + tokens_out * price.output_per_mtok) / 1_000_000
