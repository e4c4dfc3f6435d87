"""`balint-redact example`: the bundled example write-up (fictional), to try the tool on."""

from __future__ import annotations

import click

EXAMPLE = "write-up.md"


def example_text() -> str:
    """The example write-up as shipped in the package."""
    from importlib import resources

    return resources.files("balint_redact.examples").joinpath(EXAMPLE).read_text("utf-8")


@click.command("example", epilog="""\b
Examples:
  balint-redact example | balint-redact redact
  balint-redact redact "$(balint-redact example --path)" -o redacted.md""")
@click.option("--path", "show_path", is_flag=True,
              help="Print where the example file is instead of its text.")
def example_command(show_path: bool) -> None:
    """Print the bundled example write-up (fictional people, numbers and places)."""
    if show_path:
        from importlib import resources

        with resources.as_file(resources.files("balint_redact.examples") / EXAMPLE) as p:
            click.echo(str(p))
        return
    click.echo(example_text(), nl=False)


COMMANDS = [example_command]
