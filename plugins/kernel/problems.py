"""Problems found in user input, reported one line each as ``file:line:column: message``.

Every concern has its own error type (content, poll data, network, ...) built on
:class:`InputError`, so a caller can catch them all in one place and print them
without a traceback.  Readers collect every problem of a file first and raise
once, so the user fixes a file in one round instead of one error per build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0
    message: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class InputError(Exception):
    """Bad input: carries every :class:`Problem` found, prints one line per problem."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # made again from its problems (not its message) when it crosses to another process
        return type(self), (self.problems,)


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """A path as the user should read it: relative to ``root`` (or the cwd) when inside it."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(Path(base).resolve()))
        except ValueError:
            continue
    return str(path)
