"""The exception tree. Only the CLI turns these into text on stderr and an exit code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    title: str | None = None

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            pos = f"第{self.line}行"
            if self.column is not None:
                pos += f"第{self.column}列"
            parts.append(pos)
        return " ".join(parts)

    def render(self) -> str:
        head = self.where()
        what = ""
        if self.field:
            what = self.field + (f"（{self.title}）" if self.title else "") + "："
        return f"{head}：{what}{self.message}" if head else f"{what}{self.message}"


class ReportgenError(Exception):
    """An error the user can fix; carries one or more located problems."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(p.render() for p in self.problems))


class FactsError(ReportgenError):
    """The facts file cannot be read or does not validate."""


class TemplateError(ReportgenError):
    """A template fails to load or render."""


class OutputError(ReportgenError):
    """The draft cannot be written where it was asked to go."""
