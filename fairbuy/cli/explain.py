"""``fairbuy explain "TEXT"``: how fairbuy reads one line item (for people tuning the data)."""

from __future__ import annotations

import click

from fairbuy.cli import handle_errors


@click.command("explain")
@click.argument("text")
@click.option("--cpv", "cpv", default=None, metavar="CODE", help="CPV code of the line (any common form).")
@click.option("--label-column", "label_column", default=None, metavar="TEXT",
              help="Content of the label/evidence column.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Readable text or the Explanation as JSON.")
@handle_errors
def explain(text: str, cpv: str | None, label_column: str | None, fmt: str) -> None:
    """Show how TEXT is read: normalised text, words and compounds, the product group and why,
    each label and why (alias, fuzzy score, context, negation) and rejected candidates."""
    from fairbuy.labeldb import load_label_db
    from fairbuy.recognise import Recogniser

    rec = Recogniser(load_label_db())
    exp = rec.explain(text, cpv=cpv, label_text=label_column)
    if fmt == "json":
        click.echo(exp.model_dump_json(indent=2))
    else:
        click.echo(exp.as_text())
