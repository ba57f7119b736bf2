"""``fairbuy rules``: list, show, validate rule sets and export the rule-file JSON Schema.

Registered in the main CLI by :func:`fairbuy.cli._register` (``main.add_command(rules_group)``).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from fairbuy.errors import DataError, UsageError


def _fail(message: str) -> None:
    click.echo(f"fairbuy: error: {message}", err=True)
    sys.exit(2)


@click.group("rules")
def rules_group() -> None:
    """Rule sets: list, show, validate, schema."""


@rules_group.command("list")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_cmd(fmt: str) -> None:
    """List the shipped rule sets (id, title, version, validity, sources)."""
    from fairbuy.rules import list_rulesets

    try:
        rulesets = list_rulesets()
    except DataError as exc:
        _fail(str(exc))
        return
    if fmt == "json":
        click.echo(json.dumps([rs.summary() for rs in rulesets], ensure_ascii=False, indent=2))
        return
    for rs in rulesets:
        validity = f"{rs.valid_from or '…'} – {rs.valid_to or '…'}"
        click.echo(f"{rs.id}  (version {rs.version}, valid {validity})")
        click.echo(f"    {rs.title_de}")
        click.echo(f"    {rs.title_en}")
        click.echo(f"    {len(rs.rules)} rules, {len(rs.list_rules)} list rules, {len(rs.indicators)} indicators")
        for src in rs.sources:
            click.echo(f"    source: {src}")


@rules_group.command("show")
@click.argument("ref", metavar="ID|FILE")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def show_cmd(ref: str, fmt: str) -> None:
    """Show one rule set (shipped id or file), validated, with its resolved country lists."""
    import yaml

    from fairbuy.rules import load_ruleset

    try:
        rs = load_ruleset(ref)
    except (DataError, UsageError) as exc:
        _fail(str(exc))
        return
    data: dict[str, Any] = rs.model_dump(mode="json", exclude_defaults=False)
    data["resolved_country_lists"] = {k: v.model_dump(mode="json") for k, v in rs.country_lists.items()}
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), nl=False)


@rules_group.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate_cmd(files: tuple[str, ...]) -> None:
    """Validate rule set (or country list) files; errors name file, line and field.
    Exit 2 on the first bad file."""
    from fairbuy.rules.loader import validate_file

    for f in files:
        try:
            what = validate_file(f)
        except (DataError, UsageError) as exc:
            _fail(str(exc))
            return
        click.echo(f"{f}: ok ({what})")


@rules_group.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of a rule set file (for editors)."""
    from fairbuy.rules import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
