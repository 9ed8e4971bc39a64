"""Rating scales, shipped as data in ``data/scales.toml`` and chosen per case."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Rating:
    label: str
    #: A numeric value, only where the scale defines one (ClaimReview's ratingValue).
    value: int | None = None


@dataclass(frozen=True)
class RatingScale:
    id: str
    name: str
    ratings: tuple[Rating, ...]
    best: int | None = None
    worst: int | None = None

    @property
    def rates(self) -> bool:
        """False for the "no rating" style: a claim and a conclusion, nothing more."""
        return bool(self.ratings)

    def rating(self, label: str) -> Rating | None:
        wanted = label.strip().casefold()
        return next((r for r in self.ratings if r.label.casefold() == wanted), None)


def scale_from_table(scale_id: str, table: dict) -> RatingScale:
    """Build a scale from a TOML table (shipped, or a user's own from config)."""
    ratings = tuple(
        Rating(label=str(entry["label"]), value=entry.get("value")) for entry in table["ratings"]
    )
    return RatingScale(
        id=scale_id,
        name=str(table.get("name", scale_id)),
        ratings=ratings,
        best=table.get("best"),
        worst=table.get("worst"),
    )


@cache
def builtin_scales() -> dict[str, RatingScale]:
    text = resources.files("workbench").joinpath("data/scales.toml").read_text("utf-8")
    return {key: scale_from_table(key, table) for key, table in tomllib.loads(text).items()}


def get_scale(scale_id: str) -> RatingScale | None:
    return builtin_scales().get(scale_id)
