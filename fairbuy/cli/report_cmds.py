"""Report sub-commands: ``fairbuy report-schema`` and ``fairbuy diff OLD.json NEW.json``.

Registered on the main group by :func:`register` (called from ``fairbuy.cli``).
"""

from __future__ import annotations

import sys

import click

from fairbuy.cli import handle_errors


@click.command("report-schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the schema to this file (default: stdout).")
@handle_errors
def report_schema_cmd(output: str | None) -> None:
    """Print the JSON Schema of the JSON report (``fairbuy check --format json``)."""
    from fairbuy.reports import render_schema
    from fairbuy.reports.atomic import atomic_write_bytes

    data = render_schema()
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write_bytes(output, data)


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of the text output.")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Items listed per category in the text output.")
@handle_errors
def diff_cmd(old: str, new: str, fmt: str, lang: str, limit: int) -> None:
    """Compare two JSON reports OLD and NEW: items newly compliant or non-compliant, items added or
    removed, and the compliant share of spend per product group then vs now."""
    from fairbuy.reports.diff import diff_reports, load_report, render_diff_json, render_diff_text

    d = diff_reports(load_report(old), load_report(new))
    if fmt == "json":
        click.echo(render_diff_json(d), nl=False)
    else:
        click.echo(render_diff_text(d, lang, limit=limit))


def register(group: click.Group) -> None:
    """Attach the report commands to ``group`` (the ``fairbuy`` command)."""
    group.add_command(report_schema_cmd)
    group.add_command(diff_cmd)
