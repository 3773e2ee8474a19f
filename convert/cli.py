"""The command line: argument handling, output, exit codes — nothing else.

``briefpress inspect FILE [--json]`` shows what the parser understood;
``briefpress convert INPUT... -o DIR -t pdf,docx,html`` writes the outputs.
Exit status: 0 all good, 1 some input failed, 2 usage error. Usage errors —
a bad option, a template, stylesheet or reference document a renderer could
not use, inputs that match nothing, an output folder that cannot take files —
are decided before any document runs. Errors are one line, ``FILE: reason``,
on standard error, with file names escaped (:mod:`convert.display`); never a
traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .display import printable
from .display import printable as _printable
from .inspect import summary
from .model import ParseResult
from .parse import ParseError, parse_bytes
from .render import FORMATS, RenderOptions, valid_language

EXIT_FAILED = 1
EXIT_USAGE = 2


def _load(path: Path) -> ParseResult:
    """Parse one capture or exit with ``FILE: reason`` (a FIFO, a device or a huge file is refused unread)."""
    from .pipeline import read_source

    try:
        return parse_bytes(read_source(path), path.name)
    except ParseError as exc:
        _fail(path, str(exc))
    raise AssertionError("unreachable")  # pragma: no cover


def _fail(path: Path | str, reason: str) -> None:
    click.echo(f"{printable(path)}: {reason}", err=True)
    sys.exit(EXIT_FAILED)


def _usage_fail(what: Path | str, reason: str) -> NoReturn:
    """A usage error about a file or an option: one line ``WHAT: reason``, exit 2."""
    _usage_fail_line(f"{printable(what)}: {reason}")


def _usage_fail_line(line: str) -> NoReturn:
    click.echo(line, err=True)
    sys.exit(EXIT_USAGE)


class _OneLineErrors(click.Group):
    """A command group whose usage errors are one line, like every other error.

    Click prints the usage synopsis, a hint and the message over four lines;
    here the message alone follows the command's name, with the hint folded in.
    """

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            _usage_line(exc, info_name or "briefpress")

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            _usage_line(exc, ctx.command_path)


def _usage_line(exc: click.UsageError, fallback: str) -> NoReturn:
    where = exc.ctx.command_path if exc.ctx is not None else fallback
    message = printable(" ".join(exc.format_message().split()))
    _usage_fail(where, f"{message} (see {where} --help)")


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
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
    head = Tree(f"[bold]{_esc(data['title'])}[/]  [dim]{_esc(printable(file))}[/]")
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
        raise click.BadParameter(
            f"unknown format(s) {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}", param_hint="'-t'"
        )
    return list(dict.fromkeys(names))


_SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def _size(value: str) -> int:
    """``--max-input-size`` in bytes: a whole number, optionally with k, M or G (binary multiples)."""
    text = value.strip().lower().removesuffix("b").removesuffix("i")
    unit = text[-1:] if text[-1:] in _SIZE_UNITS else ""
    number = text[: len(text) - len(unit)].strip()
    if not number.isdigit() or int(number) == 0:
        _usage_fail("--max-input-size", f"{value!r} is not a size such as 64M, 500k or 1000000")
    return int(number) * _SIZE_UNITS[unit]


#: 9999-12-31T23:59:59Z: the last moment every output format can write as a date.
MAX_EPOCH = 253402300799


def _epoch(value: str | None) -> int | None:
    """The ``--source-date-epoch`` (or ``$SOURCE_DATE_EPOCH``) as seconds, or exit 2 naming where it came from."""
    if value is None or value == "":
        return None
    ctx = click.get_current_context()
    source = ctx.get_parameter_source("source_date_epoch")
    named = "--source-date-epoch" if source == click.core.ParameterSource.COMMANDLINE else "SOURCE_DATE_EPOCH"
    try:
        epoch = int(value)
    except ValueError:
        _usage_fail(named, f"{value!r} is not a whole number of seconds since 1970")
    if not 0 <= epoch <= MAX_EPOCH:
        _usage_fail(named, f"{value} is outside 0 (1970) to {MAX_EPOCH} (the end of the year 9999)")
    return epoch


def _check_user_files(template: Path | None, css: Path | None, reference_docx: Path | None) -> None:
    """Exit 2 with ``FILE: reason`` for the first user file a renderer could not use.

    Checked once here, so a mistake is one line before any document runs, not
    the same "internal error" for every document of the batch.
    """
    if template is not None:
        _check_template(template)
    if css is not None:
        _check_utf8(css)
    if reference_docx is not None:
        _check_reference_docx(reference_docx)


def _check_utf8(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        _usage_fail(path, f"cannot read: {(exc.strerror or str(exc)).lower()}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        _usage_fail(f"{path}:{line}", f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")
    raise AssertionError("unreachable")  # pragma: no cover


def _check_template(path: Path) -> None:
    """The template compiles, and so do the templates it extends or includes by name.

    (What a template tries at run time — an unsafe attribute in the sandbox,
    an undefined variable — shows when a page is rendered, one line per document.)
    """
    import jinja2

    from .render.page import TemplateFailed, check_template, environment

    _check_utf8(path)
    try:
        environment(path).get_template(path.name)
    except jinja2.TemplateSyntaxError as exc:
        # Jinja2 names the file by its resolved path; the user's own spelling reads better.
        same = exc.filename is None or Path(exc.filename).resolve() == path.resolve()
        where = str(path) if same else exc.filename
        _usage_fail(f"{where}:{exc.lineno}", f"template syntax error: {exc.message}")
    try:
        check_template(path)
    except TemplateFailed as exc:
        _usage_fail_line(printable(str(exc)))


def _check_typst_template(path: Path) -> None:
    """Exit 2 in one line when the Typst template cannot lay out a small document (before any work)."""
    from .render.pdf_typst import TypstFailed, check_template

    try:
        check_template(path)
    except TypstFailed as exc:
        _usage_fail_line(printable(str(exc)))


def _check_engines(formats: list[str], options=None) -> None:
    """Exit 2 in one line when a format's engine cannot make it (WeasyPrint outside the supported range, no Typst)."""
    for fmt in formats:
        reason = FORMATS[fmt].unusable(options)
        if reason:
            _usage_fail_line(reason)  # ("briefpress needs WeasyPrint >=68,<71; found 62.3")


def _check_reference_docx(path: Path) -> None:
    import zipfile

    from .render import RenderOptions
    from .render.docx import BadReferenceDocx, open_reference

    if not zipfile.is_zipfile(path):
        _usage_fail(path, "not a DOCX (a Word document is a zip package; this file is not one)")
    try:
        open_reference(RenderOptions(reference_docx=path))
    except BadReferenceDocx as exc:
        cause = exc.__cause__ or exc
        _usage_fail(path, f"not a Word document python-docx can open: {' '.join(str(cause).split())}")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", default="output", show_default=True,
              help="Folder for the outputs, or - for standard output (one input, one format).")
@click.option("-t", "--to", "formats", default="pdf,docx,html", show_default=True,
              help=f"Comma list of formats: {', '.join(FORMATS)}.")
@click.option("--glob", "pattern", default="*.txt", show_default=True, help="Which files of a folder input are captures.")
@click.option("--follow-symlinks", is_flag=True,
              help="In folders, follow symbolic links that stay inside the folder (default: skip them, one line each).")
@click.option("--max-input-size", "max_input", default="64M", show_default=True,
              help="Refuse a capture larger than this, without reading it all (bytes, or with k, M or G).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--force", is_flag=True, help="Redo outputs the manifest says are up to date.")
@click.option("-q", "--quiet", is_flag=True, help="Only failures and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="A line per document and every diagnostic.")
@click.option("--notes", type=click.Choice(["foot", "end"]), default="foot", show_default=True,
              help="PDF: notes at the foot of the citing page, or as endnotes.")
@click.option("--pdf-variant", type=click.Choice(["pdf/a-3b", "pdf/ua-1"]), default=None,
              help="Archival PDF: PDF/A-3b (with the capture and model attached) or PDF/UA-1.")
@click.option("--pdf-engine", type=click.Choice(["weasyprint", "typst"]), default="weasyprint", show_default=True,
              help="Lay the PDF out with WeasyPrint (from the page template and CSS) or Typst "
                   "(several times faster; needs briefpress[typst]).")
@click.option("--typst-template", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Typst template to use instead of the bundled brief.typ (PDF with --pdf-engine typst).")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Jinja2 page template to use instead of the bundled one (HTML and PDF).")
@click.option("--css", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Stylesheet to use instead of the bundled one (HTML and PDF).")
@click.option("--reference-docx", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="DOCX whose styles the DOCX output takes (as pandoc's --reference-doc).")
@click.option("--source-date-epoch", default=lambda: os.environ.get("SOURCE_DATE_EPOCH"),
              help="Fix the dates written into outputs (seconds since 1970; default: $SOURCE_DATE_EPOCH).")
@click.option("--lang", "lang", default=None,
              help="The documents' language as a BCP 47 tag (en-GB, fr), in place of the detected one (hyphenation, spelling).")
@click.option("--timeout", type=click.FloatRange(min=0), default=300, show_default=True,
              help="Seconds one document may take before it is reported as failed (0: no limit).")
@click.option("--max-memory", default="4G", show_default=True,
              help="Memory one worker may use, as 2G, 512M... (0: no limit); a document needing more fails.")
@click.option("--storage-options", "storage_json", default=None, metavar="JSON",
              help="For s3:// (fsspec) inputs and outputs: options such as {\"endpoint_url\": ...} "
                   "(default: the AWS_* environment variables).")
@click.option("--cluster", "cluster", default=None, metavar="local:N",
              help="Run the documents on a Dask LocalCluster of N worker processes (needs briefpress[dask]).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:8786",
              help="Run the documents on a running Dask cluster (its workers need briefpress[dask]).")
def convert(inputs, out_dir, formats, pattern, follow_symlinks, max_input, jobs, force, quiet, verbose, notes, pdf_variant,
            pdf_engine, typst_template, template, css, reference_docx, source_date_epoch, lang, timeout, max_memory, storage_json, cluster,
            scheduler) -> None:
    """Convert captures: files, folders (walked for captures) or - for standard input."""
    from .batch import PlanError, plan_inputs
    from .pool import Limits, parse_size
    from .runner import BatchRun

    fmts = _formats(formats)
    try:
        limits = Limits(timeout=timeout or None, memory=parse_size(max_memory))
    except ValueError:
        _usage_fail("--max-memory", f"{max_memory!r} is not a size such as 2G or 512M")
    if typst_template is not None and pdf_engine != "typst":
        _usage_fail("--typst-template", "applies to --pdf-engine typst only")
    _check_engines(fmts, RenderOptions(pdf_engine=pdf_engine))
    if typst_template is not None and any(FORMATS[f].engine(RenderOptions(pdf_engine=pdf_engine)).name == "typst" for f in fmts):
        _check_typst_template(typst_template)
    if lang is not None and not valid_language(lang):
        _usage_fail("--lang", f"{lang!r} is not a language tag such as en, en-GB or fr")
    _check_user_files(template, css, reference_docx)
    storage_options, executor = _cluster_and_storage(storage_json, cluster, scheduler, limits,
                                                     RenderOptions(pdf_engine=pdf_engine))
    options = RenderOptions(
        notes=notes,
        pdf_variant=pdf_variant,
        pdf_engine=pdf_engine,
        typst_template=typst_template,
        template=template,
        css=css,
        reference_docx=reference_docx,
        source_date_epoch=_epoch(source_date_epoch),
        lang=lang,
    )
    try:
        plan = plan_inputs(list(inputs), pattern, follow_symlinks=follow_symlinks, max_bytes=_size(max_input),
                           storage_options=storage_options)
    except PlanError as exc:
        _usage_fail_line(str(exc))
    _report_plan(plan, pattern, quiet)
    planned = plan.jobs
    if sum(1 for i in inputs if i == "-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    if out_dir == "-":
        if len(planned) != 1 or len(fmts) != 1:
            raise click.UsageError("-o - writes one input in one format to standard output")
        sys.exit(_to_stdout(planned[0], fmts[0], options, limits))
    out_dir = _check_output_place(out_dir, storage_options)
    run = BatchRun(
        planned,
        out_dir,
        fmts,
        options,
        workers=jobs or os.cpu_count() or 1,
        force=force,
        quiet=quiet,
        verbose=verbose,
        limits=limits,
        executor=executor,
        storage_options=storage_options,
    )
    from .cluster import ClusterError

    try:
        sys.exit(run.execute())
    except ClusterError as exc:
        _usage_fail_line(str(exc))


def _cluster_and_storage(storage_json: str | None, cluster: str | None, scheduler: str | None, limits,
                         options: RenderOptions | None = None):
    """``(storage options, executor factory or None)`` from the cluster and storage options, or exit 2 in one line."""
    from .storage import StorageError, parse_storage_options

    try:
        storage_options = parse_storage_options(storage_json)
    except StorageError as exc:
        _usage_fail_line(str(exc))
    if cluster is None and scheduler is None:
        return storage_options, None
    if cluster is not None and scheduler is not None:
        raise click.UsageError("--cluster starts a cluster and --scheduler joins one: give one of them")
    from .cluster import ClusterError, check_available, executor_factory

    try:
        check_available(cluster)
    except ClusterError as exc:
        _usage_fail_line(str(exc))
    return storage_options, executor_factory(cluster=cluster, scheduler=scheduler, memory=limits.memory, options=options)


def _check_output_place(out_dir: str, storage_options: dict) -> str:
    """The output folder or URL, proven to take outputs (exit 2 with one line if not)."""
    from .storage import StorageError, is_remote, local_path, probe_output

    if not is_remote(out_dir):
        _check_output_folder(Path(local_path(out_dir)))
        return local_path(out_dir)
    try:
        probe_output(out_dir, storage_options)
    except StorageError as exc:
        _usage_fail_line(printable(str(exc)))
    return out_dir


def _report_plan(plan, pattern: str, quiet: bool) -> None:
    """One line per input the walk passed over; exit 2 when nothing at all is left to convert.

    A folder that matches nothing among inputs that do give documents is only
    a warning: the run still does what it can, and says what it left out.
    """
    if not plan.jobs:
        for folder in plan.unmatched:
            click.echo(f"{printable(folder)}: no file matches {pattern!r}", err=True)
        sys.exit(EXIT_USAGE)
    if quiet:
        return
    for path, why in plan.skipped:
        click.echo(f"{printable(path)}: skipped, {printable(why)}", err=True)
    for folder in plan.unmatched:
        click.echo(f"{printable(folder)}: warning: no file matches {pattern!r}", err=True)


def _check_output_folder(folder: Path) -> None:
    """Exit 2 with ``FOLDER: reason`` unless the output folder is there (or made) and takes files."""
    from .pipeline import OutputPlaceError, prepare_output_folder

    try:
        prepare_output_folder(folder)
    except OutputPlaceError as exc:
        _usage_fail(folder, str(exc))


def _to_stdout(job, fmt: str, options: RenderOptions, limits) -> int:
    from dataclasses import replace

    from .batch import STDIN, diagnostic_line
    from .pipeline import read_at_most
    from .runner import convert_alone

    if job.source == STDIN:
        try:
            job = replace(job, data=read_at_most(sys.stdin.buffer, job.max_bytes))
        except ParseError as exc:
            click.echo(f"{job.shown}: {exc}", err=True)
            return EXIT_FAILED
    result, stopped = convert_alone(job, fmt, options, limits)
    for d in result.diagnostics:
        if d["level"] != "info":
            click.echo(diagnostic_line(job.shown, d), err=True)
    if result.error:
        click.echo(f"{job.shown}: {result.error}", err=True)
        return stopped or EXIT_FAILED
    sys.stdout.buffer.write(result.data[fmt])
    sys.stdout.buffer.flush()
    return 0




# --------------------------------------------------------------------------- verify


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("-q", "--quiet", is_flag=True, help="Only the outputs that fail, and the summary line.")
@click.option("--storage-options", "storage_json", default=None, metavar="JSON",
              help="For s3:// (fsspec) targets: options such as {\"endpoint_url\": ...} (default: the AWS_* variables).")
def verify(targets, quiet, storage_json) -> None:
    """Prove that outputs still hold every word of their sources (folders with a manifest, output files, or URLs)."""
    import tempfile

    from .verify import find_records, verify_output

    damaged: list[str] = []
    scratch = tempfile.TemporaryDirectory(prefix="briefpress-verify-")
    try:
        paths, shown_as = _verify_targets(list(targets), storage_json, scratch.name)
        records = find_records(paths, damaged)
    except FileNotFoundError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FAILED)

    def printable(path: object) -> str:  # (a copy of a remote output is shown by its URL)
        text = str(path)
        for local in sorted(shown_as, key=len, reverse=True):
            text = text.replace(local, shown_as[local])
        return _printable(text)

    for line in damaged:
        # (a record it cannot read is an output it cannot vouch for: said, and counted)
        click.echo(f"UNCHECKED  {printable(line)}", err=False)
    cache: dict = {}
    failed = 0
    unchecked = len(damaged)
    for base, rec in records:
        verdict = verify_output(base, rec, cache)
        shown = printable(base / rec.output)
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
    verified = len(records) - failed - (unchecked - len(damaged))
    click.echo(
        f"{verified} of {len(records) + len(damaged)} outputs verified"
        + (f", {failed} failed" if failed else "")
        + (f", {unchecked} could not be checked" if unchecked else "")
    )
    scratch.cleanup()
    sys.exit(EXIT_FAILED if failed or unchecked else 0)


def _verify_targets(targets: list[str], storage_json: str | None, scratch: str) -> tuple[list[Path], dict[str, str]]:
    """Local paths for verify's targets: a URL's manifest, outputs and sources copied into ``scratch`` first."""
    from .storage import StorageError, fetch_for_verify, is_remote, local_path, parse_storage_options

    paths: list[Path] = []
    shown: dict[str, str] = {}
    for number, target in enumerate(targets):
        if not is_remote(target):
            path = Path(local_path(target))
            if not path.exists():
                _usage_fail(target, "no such file or folder")
            paths.append(path)
            continue
        into = Path(scratch) / str(number)
        try:
            shown.update(fetch_for_verify(target, parse_storage_options(storage_json), str(into)))
        except StorageError as exc:
            _usage_fail_line(_printable(str(exc)))
        paths.append(into)
    return paths, shown
