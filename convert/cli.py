"""The command line: argument handling, output, exit codes — nothing else.

``briefpress inspect FILE [--json]`` shows what the parser understood;
``briefpress convert INPUT... -o DIR -t pdf,docx,html`` writes the outputs.
Exit status: 0 all good, 1 some input failed, 2 usage error. Errors are one
line, ``FILE: reason``, on standard error; never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .inspect import summary
from .model import ParseResult
from .parse import ParseError, parse_file
from .render import FORMATS, RenderOptions

EXIT_FAILED = 1


def _load(path: Path) -> ParseResult:
    """Parse one capture or exit with ``FILE: reason``."""
    try:
        return parse_file(path)
    except ParseError as exc:
        _fail(path, str(exc))
    except IsADirectoryError:
        _fail(path, "is a directory, not a capture")
    except FileNotFoundError:
        _fail(path, "no such file")
    except PermissionError:
        _fail(path, "permission denied")
    except OSError as exc:
        _fail(path, f"cannot read: {exc.strerror or exc}")
    raise AssertionError("unreachable")  # pragma: no cover


def _fail(path: Path | str, reason: str) -> None:
    click.echo(f"{path}: {reason}", err=True)
    sys.exit(EXIT_FAILED)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefpress")
def main() -> None:
    """Turn plain-text captures of published reports into a PDF brief, DOCX and HTML."""


# --------------------------------------------------------------------------- inspect


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the outline.")
@click.option(
    "--explain",
    is_flag=True,
    help="Show every line's role and the rules that decided it (with --json: an \"explain\" list).",
)
def inspect(file: Path, as_json: bool, explain: bool) -> None:
    """Show what the parser understood of FILE: outline, counts, diagnostics."""
    result = _load(file)
    data = summary(result)
    if explain:
        data["explain"] = [{"line": lr.line, "role": lr.role, "rules": list(lr.rules)} for lr in result.explain]
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if explain:
        _print_explain(result)
        return
    _print_outline(file, result, data)


def _print_explain(result: ParseResult) -> None:
    """Two rows per line of the capture: its number, role and opening; then the rules that decided."""
    from rich.console import Console

    console = Console(highlight=False)
    width = max(40, console.width - 22)
    for lr in result.explain:
        text = lr.text if len(lr.text) <= width else lr.text[: width - 1] + "…"
        console.print(f"[dim]{lr.line:>5}[/]  [bold]{lr.role:<13}[/] {_esc(text)}")
        console.print(f"[dim]{'':>5}  {'':<13} ← {_esc('; '.join(lr.rules))}[/]")


def _print_outline(file: Path, result: ParseResult, data: dict) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.tree import Tree

    console = Console()
    head = Tree(f"[bold]{_esc(data['title'])}[/]  [dim]{_esc(str(file))}[/]")
    if data["kicker"]:
        head.add(f"kicker: {_esc(data['kicker'])}")
    if data["subtitle"]:
        head.add(f"subtitle: {_esc(data['subtitle'])}")
    for a in data["authors"]:
        head.add(f"author: {_esc(a['name'])}" + (f" — {_esc(a['role'])}" if a["role"] else ""))
    if data["date"]:
        head.add(f"date: {_esc(data['date'])}" + (f" ({data['date_iso']})" if data["date_iso"] else ""))
    if data["image_caption"]:
        head.add(f"image caption: {_esc(data['image_caption'])}")
    for link in data["links"]:
        head.add(f"link ({link['kind']}, line {link['line']}): {_esc(link['text'])}" + (f" → {link['url']}" if link["url"] else ""))
    body = head.add("[bold]body[/]")
    for section in data["sections"]:
        body.add(("  " * (section["level"] - 1)) + f"§ {_esc(section['title'])}  [dim]#{section['id']}[/]")
    notes = head.add(f"[bold]notes[/] ({_esc(data['notes_title'] or 'no heading')}): {data['counts']['footnotes']}")
    if data["unreferenced_notes"]:
        notes.add("never cited: " + ", ".join(data["unreferenced_notes"]))
    if data["missing_notes"]:
        notes.add("cited but missing: " + ", ".join(data["missing_notes"]))
    console.print(head)

    table = Table(title="counts", show_header=False)
    for key, value in data["counts"].items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)

    if result.diagnostics:
        diag = Table(title=f"diagnostics ({len(result.diagnostics)})")
        diag.add_column("line", justify="right")
        diag.add_column("level")
        diag.add_column("code")
        diag.add_column("message")
        # Warnings one by one; a run of info messages of one code as one row.
        infos: dict[str, list] = {}
        for d in result.diagnostics:
            if d.level == "info":
                infos.setdefault(d.code, []).append(d)
                continue
            style = "red" if d.level == "error" else "yellow"
            diag.add_row("" if d.line is None else str(d.line), f"[{style}]{d.level}[/]", d.code, _esc(d.message))
        for code, group in infos.items():
            lines = [d.line for d in group if d.line is not None]
            where = "" if not lines else str(lines[0]) if len(lines) == 1 else f"{lines[0]}–{lines[-1]}"
            message = group[0].message if len(group) == 1 else f"{len(group)}×, e.g. {group[0].message}"
            diag.add_row(where, "[dim]info[/]", code, _esc(message))
        console.print(diag)
        by_level = Counter(d.level for d in result.diagnostics)
        console.print(", ".join(f"{n} {lvl}" for lvl, n in sorted(by_level.items())))


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --------------------------------------------------------------------------- convert


def _formats(value: str) -> list[str]:
    names = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in names if f not in FORMATS]
    if not names or unknown:
        raise click.BadParameter(f"unknown format(s) {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(names))


def _epoch(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        epoch = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a whole number of seconds since 1970") from None
    if epoch < 0:
        raise click.BadParameter("must not be negative")
    return epoch


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", default="output", show_default=True,
              help="Folder for the outputs, or - for standard output (one input, one format).")
@click.option("-t", "--to", "formats", default="pdf,docx,html", show_default=True,
              help=f"Comma list of formats: {', '.join(FORMATS)}.")
@click.option("--glob", "pattern", default="*.txt", show_default=True, help="Which files of a folder input are captures.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--force", is_flag=True, help="Redo outputs the manifest says are up to date.")
@click.option("-q", "--quiet", is_flag=True, help="Only failures and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="A line per document and every diagnostic.")
@click.option("--notes", type=click.Choice(["foot", "end"]), default="foot", show_default=True,
              help="PDF: notes at the foot of the citing page, or as endnotes.")
@click.option("--pdf-variant", type=click.Choice(["pdf/a-3b", "pdf/ua-1"]), default=None,
              help="Archival PDF: PDF/A-3b (with the capture and model attached) or PDF/UA-1.")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Jinja2 page template to use instead of the bundled one (HTML and PDF).")
@click.option("--css", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Stylesheet to use instead of the bundled one (HTML and PDF).")
@click.option("--reference-docx", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="DOCX whose styles the DOCX output takes (as pandoc's --reference-doc).")
@click.option("--source-date-epoch", default=lambda: os.environ.get("SOURCE_DATE_EPOCH"),
              help="Fix the dates written into outputs (seconds since 1970; default: $SOURCE_DATE_EPOCH).")
def convert(inputs, out_dir, formats, pattern, jobs, force, quiet, verbose, notes, pdf_variant, template, css,
            reference_docx, source_date_epoch) -> None:
    """Convert captures: files, folders (walked for captures) or - for standard input."""
    from .batch import PlanError, plan_jobs
    from .runner import BatchRun

    fmts = _formats(formats)
    options = RenderOptions(
        notes=notes,
        pdf_variant=pdf_variant,
        template=template,
        css=css,
        reference_docx=reference_docx,
        source_date_epoch=_epoch(source_date_epoch),
    )
    try:
        planned = plan_jobs(list(inputs), pattern)
    except PlanError as exc:
        raise click.UsageError(str(exc)) from None
    if sum(1 for i in inputs if i == "-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    if out_dir == "-":
        if len(planned) != 1 or len(fmts) != 1:
            raise click.UsageError("-o - writes one input in one format to standard output")
        sys.exit(_to_stdout(planned[0], fmts[0], options))
    run = BatchRun(
        planned,
        Path(out_dir),
        fmts,
        options,
        workers=jobs or os.cpu_count() or 1,
        force=force,
        quiet=quiet,
        verbose=verbose,
    )
    sys.exit(run.execute())


def _to_stdout(job, fmt: str, options: RenderOptions) -> int:
    from dataclasses import replace

    from .batch import STDIN, diagnostic_line, run_job

    if job.source == STDIN:
        job = replace(job, data=sys.stdin.buffer.read())
    result = run_job(job, None, [fmt], options, "", {}, True)
    for d in result.diagnostics:
        if d["level"] != "info":
            click.echo(diagnostic_line(job.source, d), err=True)
    if result.error:
        click.echo(f"{job.source}: {result.error}", err=True)
        return EXIT_FAILED
    sys.stdout.buffer.write(result.data[fmt])
    sys.stdout.buffer.flush()
    return 0




# --------------------------------------------------------------------------- verify


@main.command()
@click.argument("targets", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("-q", "--quiet", is_flag=True, help="Only the outputs that fail, and the summary line.")
def verify(targets, quiet) -> None:
    """Prove that outputs still hold every word of their sources (folders with a manifest, or output files)."""
    from .verify import find_records, verify_output

    try:
        records = find_records(list(targets))
    except FileNotFoundError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FAILED)
    cache: dict = {}
    failed = unchecked = 0
    for base, rec in records:
        verdict = verify_output(base, rec, cache)
        shown = base / rec.output
        if verdict.ok:
            if not quiet:
                click.echo(f"ok    {shown}  ({'; '.join(verdict.checks)})")
        elif verdict.unchecked:
            # not a fault of the output: what it was made from is gone or changed
            unchecked += 1
            click.echo(f"UNCHECKED  {shown}: {verdict.unchecked}")
        else:
            failed += 1
            click.echo(f"LOST  {shown}: {'; '.join(verdict.problems)}")
    verified = len(records) - failed - unchecked
    click.echo(
        f"{verified} of {len(records)} outputs verified"
        + (f", {failed} failed" if failed else "")
        + (f", {unchecked} could not be checked" if unchecked else "")
    )
    sys.exit(EXIT_FAILED if failed or unchecked else 0)
