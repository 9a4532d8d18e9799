"""Run the command line in-process, with stdout and stderr kept apart."""

from __future__ import annotations

from click.testing import CliRunner, Result

from reportgen.cli import cli


def run(*args: str) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click 8.2 and later always keep them apart
        runner = CliRunner()
    return runner.invoke(cli, list(args))
