"""Value types that facts validate into. Each remembers the fact path it came from,
so a draft can say where every number in it stands (the trace)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


class FactStr(str):
    """A string from the facts (or derived from them), tagged with its source path."""

    source: str

    def __new__(cls, value: str, source: str) -> FactStr:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


@dataclass(frozen=True)
class Count:
    """A non-negative count; approx marks a 约数 written as "20余"."""

    value: int
    approx: bool = False
    source: str = ""

    def __str__(self) -> str:
        return f"{self.value}余" if self.approx else str(self.value)

    def __bool__(self) -> bool:
        return self.value > 0

    def __int__(self) -> int:
        return self.value

    def __add__(self, other: object) -> Count:
        if isinstance(other, Count):
            return Count(self.value + other.value, self.approx or other.approx)
        if isinstance(other, int):
            return Count(self.value + other, self.approx)
        return NotImplemented

    __radd__ = __add__

    def __lt__(self, other: Count) -> bool:
        return self.value < other.value


@dataclass(frozen=True)
class Period:
    """A reporting period: a quarter (Q), a half year (H) or a whole year (Y)."""

    year: int
    kind: str  # "Q", "H" or "Y"
    n: int = 0

    @property
    def code(self) -> str:
        return str(self.year) if self.kind == "Y" else f"{self.year}{self.kind}{self.n}"

    @property
    def start(self) -> dt.date:
        month = {"Y": 1, "H": 6 * (self.n - 1) + 1, "Q": 3 * (self.n - 1) + 1}[self.kind]
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        month = {"Y": 12, "H": 6 * self.n, "Q": 3 * self.n}[self.kind]
        nxt = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    def previous_same(self) -> Period:
        """The same period one year earlier (for 同比)."""
        return Period(self.year - 1, self.kind, self.n)

    def __str__(self) -> str:
        return self.code


class Record:
    """A block of facts with attribute access; absent fields read as None.

    Templates test fields with `{% if study.seminars %}`; a block with nothing in it is falsy.
    """

    def __init__(self, values: dict[str, Any], source: str = "") -> None:
        self.__dict__.update(values)
        self._fields = tuple(values)
        self._source = source

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not fields; declared so type checkers see fields as Any.
        raise AttributeError(name)

    def __bool__(self) -> bool:
        return any(_present(v) for v in self.as_dict().values())

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._fields}

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.as_dict().items() if v is not None}
        return f"Record({shown!r})"


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (list, tuple, str, Record)):
        return bool(value)
    return True
