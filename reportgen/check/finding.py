"""One thing the proofreader found: where it is, what kind, how sure, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportgen.check.levels import LEVEL_OF, WARNING

EXCERPT_CHARS = 24  # context shown on either side of a finding in text output


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line; the paragraph number for .docx
    column: int  # 1-based character column within that line or paragraph
    code: str  # placeholder, double-punct, half-width-punct, ... (see rules.CODES)
    message: str  # Chinese, says what is wrong and what to do
    excerpt: str  # the offending text itself
    file: str = ""
    level: str = ""  # 错误, 疑似 or 提示 (levels.py); "" takes the code's own level
    fix: str | None = None  # the one safe replacement for excerpt, where there is exactly one

    def __post_init__(self) -> None:
        if not self.level:
            object.__setattr__(self, "level", LEVEL_OF.get(self.code, WARNING))

    def located(self, file: str) -> Finding:
        return replace(self, file=file)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.file, "line": self.line, "column": self.column, "level": self.level,
            "code": self.code, "message": self.message, "excerpt": self.excerpt}
        if self.fix is not None:
            out["fix"] = self.fix
        return out
