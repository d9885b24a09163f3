"""tasks.py ends a task one way: ``raise _failure(...)`` (problem lines on stderr, then invoke's Exit with a code)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from invoke import MockContext, Result
from invoke.exceptions import Exit

import tasks

TASKS = Path(tasks.__file__)


def _raises() -> list[ast.Raise]:
    return [node for node in ast.walk(ast.parse(TASKS.read_text(encoding="utf-8"))) if isinstance(node, ast.Raise)]


def test_every_raise_in_tasks_py_raises_the_one_failure():
    raises = _raises()

    assert raises
    assert [ast.unparse(r) for r in raises
            if not (isinstance(r.exc, ast.Call) and ast.unparse(r.exc.func) == "_failure")] == []


def test_no_task_exits_around_the_one_failure():
    source = TASKS.read_text(encoding="utf-8")

    assert "raise _failure(" in source  # the one way out is there...
    assert [word for word in ("sys.exit", "SystemExit", "os._exit", "Exit(code") if word in source] == []


def test_a_shell_command_that_fails_ends_the_task_with_its_exit_code(capsys):
    with pytest.raises(Exit) as raised:
        tasks.lint(MockContext(run=Result(exited=3)))

    assert raised.value.code == 3
    assert capsys.readouterr().err == ""  # the command printed its own lines


def test_a_shell_command_that_succeeds_ends_the_task_normally():
    assert tasks.lint(MockContext(run=Result(exited=0))) is None
