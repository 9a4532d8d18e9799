"""One thing the proofreader found: where it is, what kind, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, replace

EXCERPT_CHARS = 24  # context shown on either side of a finding in text output


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line; the paragraph number for .docx
    column: int  # 1-based character column within that line or paragraph
    code: str  # placeholder, double-punct, half-width-punct, ... (see rules.CODES)
    message: str  # Chinese, says what is wrong and what to do
    excerpt: str  # the offending text itself
    file: str = ""

    def located(self, file: str) -> Finding:
        return replace(self, file=file)

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "code": self.code,
                "message": self.message, "excerpt": self.excerpt}
