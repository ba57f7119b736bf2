"""The ``fairbuy`` command: a thin click layer over the library (:mod:`fairbuy.api`).

Exit status: 0 = checked, nothing non-compliant; 1 = checked, something non-compliant;
2 = usage or input error (one line on stderr, no traceback).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

import click

from fairbuy import __version__
from fairbuy.errors import FairbuyError

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("json", "xlsx", "html", "csv")


def fail(message: str) -> NoReturn:
    """Print one line on stderr and exit with status 2."""
    message = message.replace("\r", "\\r").replace("\n", "\\n")  # a file name may hold a line break
    click.echo(f"fairbuy: error: {message}", err=True)
    sys.exit(2)


def handle_errors(func: F) -> F:
    """Turn fairbuy's errors (and anything unexpected) into one line on stderr and exit 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(click.get_current_context().find_root().params.get("debug"))
        try:
            return func(*args, **kwargs)
        except FairbuyError as exc:
            if debug:
                raise
            fail(str(exc))
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("fairbuy: interrupted", err=True)
            sys.exit(130)
        except OSError as exc:
            if debug:
                raise
            where = exc.filename if exc.filename else "fairbuy"
            fail(f"{where}: {exc.strerror or exc}")
        except MemoryError:
            fail("out of memory while processing the input")
        except Exception as exc:
            if debug:
                raise
            msg = " ".join(str(exc).split())[:300]
            fail(f"internal error ({type(exc).__name__}): {msg} (rerun with --debug for details)")

    return wrapper  # type: ignore[return-value]


def _progress_printer(quiet: bool) -> Callable[[str], None] | None:
    """Stage messages on one updating stderr line, only when stderr is a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    started = time.monotonic()

    def show(text: str) -> None:
        click.echo(f"\r\033[Kfairbuy: {text} … ({time.monotonic() - started:.1f} s)", err=True, nl=False)

    return show


def _parse_columns(values: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        role, sep, header = value.partition("=")
        if not sep or not role.strip() or not header.strip():
            fail(f"--column expects ROLE=HEADER, got {value!r}")
        mapping[role.strip()] = header.strip()
    return mapping


class _OneLineErrors(click.Group):
    """Usage errors (unknown option, missing argument, bad value) as one line on stderr, exit 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError as exc:  # bare "fairbuy": show the help
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message(), err=True)
            sys.exit(2)
        except click.ClickException as exc:
            fail(exc.format_message())
        except click.Abort:
            click.echo("fairbuy: aborted", err=True)
            sys.exit(1)
        if isinstance(rv, int):
            sys.exit(rv)
        sys.exit(0)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="fairbuy")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """fairbuy checks purchase lists and e-invoices against sustainability rules
    (Magna Charta Ruhr, § 4a BestG NRW, Fairtrade-Towns, ...)."""


@main.command("check")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-r", "--rules", "rules", multiple=True, metavar="ID|FILE",
              help="Rule set id or YAML file (repeatable). Default: magna-charta-ruhr-2010.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Report file; the format follows its extension (.json .xlsx .html .csv).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Report format (default: from OUT's extension, else json on stdout).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of xlsx/html/csv reports.")
@click.option("--sheet", "sheets", multiple=True, help="Read only this sheet (repeatable).")
@click.option("--column", "columns", multiple=True, metavar="ROLE=HEADER",
              help="Map a column explicitly, e.g. --column description=Artikeltext (repeatable).")
@click.option("--evidence", type=click.Path(dir_okay=False), default=None,
              help="Supplier evidence register (xlsx/csv/yaml).")
@click.option("--audit-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date of the audit (default: today). Items without a date are judged on it.")
@click.option("--generated-at", default=None,
              help="Fixed report timestamp (ISO 8601) for reproducible reports; also SOURCE_DATE_EPOCH.")
@click.option("--csv-dialect", type=click.Choice(["excel-de", "excel", "rfc4180"]), default="excel-de",
              show_default=True, help="CSV report dialect.")
@click.option("--html-max-items", type=click.IntRange(min=0), default=None, metavar="N",
              help="HTML report: list at most N items one by one (default 10000; 0 = all). Above, the "
                   "page lists the first N, says how many are left out, and merges identical findings "
                   "that need attention into one row with their count and row numbers.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@handle_errors
def check_cmd(
    inputs: tuple[str, ...],
    rules: tuple[str, ...],
    output: str | None,
    fmt: str | None,
    lang: str,
    sheets: tuple[str, ...],
    columns: tuple[str, ...],
    evidence: str | None,
    audit_date: dt.datetime | None,
    generated_at: str | None,
    csv_dialect: str,
    html_max_items: int | None,
    quiet: bool,
) -> None:
    """Check INPUT files (purchase lists, XRechnung/ZUGFeRD e-invoices) and write the audit report."""
    from fairbuy.api import audit
    from fairbuy.gcpause import gc_paused
    from fairbuy.labeldb import load_label_db
    from fairbuy.reports import render_report, terminal_summary, write_report
    from fairbuy.reports.atomic import atomic_open

    if output is not None and fmt is None:
        suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
        fmt = {"htm": "html"}.get(suffix, suffix)
        if fmt not in FORMATS:
            fail(f"cannot tell the report format from {output!r}; use --format {'|'.join(FORMATS)}")
    fmt = fmt or "json"
    if output is None and fmt == "xlsx":
        fail("an xlsx report needs -o OUT.xlsx")

    with gc_paused():  # (see fairbuy.gcpause)
        result = audit(
            list(inputs),
            rules=list(rules) or None,
            audit_date=audit_date.date() if audit_date else None,
            generated_at=generated_at,
            sheets=list(sheets) or None,
            column_map=_parse_columns(columns),
            evidence=evidence,
            progress=_progress_printer(quiet),
        )
        if fmt == "json":
            # bulk path: the same bytes as AuditReport.model_dump_json(), without per-item objects
            summary_of = result.meta
            if output is None:
                for chunk in result.json_chunks():
                    sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
            else:
                with atomic_open(output) as fh:
                    for chunk in result.json_chunks():
                        fh.write(chunk)
        elif fmt == "xlsx" and output is not None:
            # bulk above BULK_MIN_ROWS rows: written from the columns, without per-item objects
            from fairbuy.reports.xlsx_bulk import write_audit_xlsx

            summary_of = result.meta
            write_audit_xlsx(result, output, lang=lang, label_db=load_label_db())
        elif fmt == "html":
            # above the item cap: rendered from the columns, without per-item objects
            from fairbuy.reports.html_report import HTML_MAX_ITEMS, render_audit_html, write_audit_html

            summary_of = result.meta
            cap = HTML_MAX_ITEMS if html_max_items is None else html_max_items
            if output is None:
                sys.stdout.buffer.write(render_audit_html(result, lang=lang, label_db=load_label_db(), max_items=cap))
                sys.stdout.flush()
            else:
                write_audit_html(result, output, lang=lang, label_db=load_label_db(), max_items=cap)
        else:
            report = result.report()
            summary_of = report
            if output is None:
                sys.stdout.buffer.write(
                    render_report(report, fmt, lang=lang, csv_dialect=csv_dialect, label_db=load_label_db())
                )
                sys.stdout.flush()
            else:
                write_report(report, output, fmt, lang=lang, csv_dialect=csv_dialect, label_db=load_label_db())
    if not quiet:
        if sys.stderr.isatty():
            click.echo("\r\033[K", err=True, nl=False)
        click.echo(terminal_summary(summary_of, lang=lang, label_db=load_label_db()), err=True)
    sys.exit(summary_of.exit_code())


def _register() -> None:
    """Attach the sub-commands that live in their own modules."""
    from fairbuy.cli.explain import explain
    from fairbuy.cli.labels import groups, labels
    from fairbuy.cli.report_cmds import register as register_report_commands
    from fairbuy.cli.rules import rules_group
    from fairbuy.cli.suppliers import suppliers_cmd

    main.add_command(explain)
    main.add_command(labels)
    main.add_command(groups)
    main.add_command(rules_group)
    main.add_command(suppliers_cmd)
    register_report_commands(main)


_register()
