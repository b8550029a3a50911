"""The ``zan`` command: parses arguments, calls ``indexer``, renders the results."""
import os
import sys
from pathlib import Path

import click

import indexer
from search_cli import render

LANGUAGE_CHOICE = click.Choice(["ru", "kk", "en"])
EXIT_NO_HITS = 1  # as grep: 0 found, 1 nothing found, 2 an error
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3  # a bug


class ZanGroup(click.Group):
    """Turns library errors into one-line messages with exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except indexer.ZanError as error:
            click.echo(f"zan: error: {error}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            click.echo("zan: interrupted", err=True)
            ctx.exit(130)
        except click.UsageError as error:  # one line, like every other error
            hint = ""
            if "No such option" in error.format_message():
                hint = " (a query that starts with '-' goes after '--': zan search -- -доступ)"
            command = f"zan {error.ctx.command.name} --help" if error.ctx and error.ctx.parent else "zan --help"
            click.echo(f"zan: error: {error.format_message()}{hint}; see `{command}`", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # a bug: still one line, the traceback on request
            if os.environ.get("ZAN_DEBUG"):
                raise
            click.echo(f"zan: internal error: {type(error).__name__}: {error} "
                       "(set ZAN_DEBUG=1 to see the traceback)", err=True)
            ctx.exit(EXIT_INTERNAL_ERROR)


def _emit(as_json: bool, as_csv: bool, as_json_text, as_csv_text, as_terminal_text) -> None:
    """Print a result as JSON, CSV or for the terminal (each a function: only one renders)."""
    if as_json:
        click.echo(as_json_text())
    elif as_csv:
        click.echo(as_csv_text(), nl=False)
    else:
        click.echo(as_terminal_text())


index_option = click.option(
    "--index", "index_dir", metavar="DIR", type=click.Path(file_okay=False),
    help="Index directory (default: $ZAN_INDEX, else the per-user data directory).")


@click.group(cls=ZanGroup)
@click.version_option(package_name="zan")
def cli():
    """Zan: search Russian, Kazakh and English legal texts by any word form."""


@cli.command()
@click.argument("query")
@click.option("--lang", "langs", type=LANGUAGE_CHOICE, multiple=True,
              help="Only passages in this language (repeatable).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1),
              help="Maximum number of hits.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1), help="Page of --limit hits.")
@click.option("--sort", type=click.Choice(["relevance", "date", "doc"]), default="relevance", show_default=True,
              help="Best first, newest work first, or in document order.")
@click.option("--no-expand", is_flag=True,
              help="Search the words as typed, without the thesaurus's equivalents in other languages.")
@click.option("--mode", type=click.Choice(["lexical", "semantic", "hybrid"]),
              help="Words and concepts; passages close in meaning (the [semantic] extra); or both, fused. "
                   "Default: hybrid with the extra installed, else lexical.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per hit.")
@index_option
@click.pass_context
def search(ctx, query, langs, limit, page, sort, no_expand, mode, as_json, as_csv, index_dir):
    """Search passages by any form of their words, in Russian, Kazakh and English.

    \b
    QUERY language:
      доступ информация       both words (AND), any inflected form; concepts of the
                              thesaurus are found in all three languages
      a OR b, NOT a, -a, ( )  Boolean operators and groups
      "неправомерный доступ"  a phrase; "a b"~5: within 5 more words
      a /s b, a /p b          in one sentence, in one paragraph
      информ*                 words that start so, as written
      =информации             this exact form only
      кибербезопастность~1    forms within 1 edit (typing mistakes)
      ст. 205 УК, Art. 24 para. 2, 210-баптың 2-бөлігі
                              a legal reference: that place first; with words,
                              the words within it
      lang:kk  kind:heading  type:code  work:ID  key:205.1  date:2018
      date:[2001 TO 2019]  title:…  location:…  body_ru:…  concepts:ID
    Exit codes: 0 found, 1 nothing found, 2 an error."""
    result = indexer.search(query, index_dir=index_dir, langs=langs, limit=limit, page=page, sort=sort,
                            progress=render.build_progress(), expand=not no_expand, mode=mode)
    _emit(as_json, as_csv, lambda: render.search_json(result), lambda: render.search_csv(result),
          lambda: render.search_text(result, render.use_colour()))
    if not result.hits:
        ctx.exit(EXIT_NO_HITS)


@cli.command()
@click.argument("query")
@click.option("--lang", "langs", type=LANGUAGE_CHOICE, multiple=True, help="Only this language (repeatable).")
@click.option("--width", type=click.IntRange(min=40), help="Line width (default: the terminal's).")
@click.option("--sort", type=click.Choice(["doc", "left", "right"]), default="doc", show_default=True,
              help="Document order, or by the words left or right of the match.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1), help="Lines at most.")
@click.option("--no-expand", is_flag=True, help="Only the words as typed.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of lines.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV: work, location, language, left, match, right.")
@index_option
@click.pass_context
def kwic(ctx, query, langs, width, sort, limit, no_expand, as_json, as_csv, index_dir):
    """Concordance: each occurrence of QUERY's matches on a line, aligned on the match."""
    width = width or render.terminal_width()
    found = indexer.kwic(query, index_dir=index_dir, langs=langs, context=width, sort=sort, limit=limit,
                         expand=not no_expand, progress=render.build_progress())
    _emit(as_json, as_csv, lambda: render.as_json(found), lambda: render.kwic_csv(found),
          lambda: render.kwic_text(found, width, render.use_colour()))
    if not found:
        ctx.exit(EXIT_NO_HITS)


@cli.command()
@click.argument("target")
@click.option("--at", default="", metavar="PLACE", help='A place of the work: "ст. 205", "205-бап", "Art. 24 para. 2", 205.1')
@click.option("--lang", "langs", type=LANGUAGE_CHOICE, multiple=True, help="Only this language (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@index_option
def show(target, at, langs, as_json, index_dir):
    """A passage (its id) or a work (its id), whole or one place of it, with metadata,
    language versions and the works it cites or that cite it."""
    view = indexer.show(target, at=at, index_dir=index_dir, langs=langs, progress=render.build_progress())
    click.echo(render.as_json(view) if as_json else render.show_text(view, render.terminal_width()))


def _citation_command(name: str, direction: str, summary: str):
    @cli.command(name, help=summary)
    @click.argument("work")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
    def command(work, as_json):
        found = indexer.cites(work, direction)
        click.echo(render.as_json(found) if as_json else render.links_text(work, found, direction))

    return command


cites = _citation_command("cites", "cites", "The works WORK cites or relates to, with reference and footnote numbers.")
cited_by = _citation_command("cited-by", "cited-by", "The works that cite WORK or relate to it.")


@cli.command()
@click.argument("text")
@click.option("--lang", type=LANGUAGE_CHOICE, help="The language of TEXT (default: identified).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of tokens.")
def analyze(text, lang, as_json):
    """Show how TEXT is analysed: each word's lemma, language, stopword flag and concepts."""
    tokens = indexer.analyze(text, lang, concepts=True)
    click.echo(render.tokens_json(tokens) if as_json else render.tokens_text(tokens))


@cli.command("index")
@click.option("--rebuild", is_flag=True, help="Rebuild even if the index is up to date.")
@index_option
def index_command(rebuild, index_dir):
    """Build the index: the bundled corpus and every file added to it."""
    report = indexer.build(index_dir, progress=render.build_progress(), rebuild=rebuild)
    state = "built" if report.built else "up to date"
    click.echo(f"index {state}: {report.passages} passages in {report.index_dir}")
    for item in report.failed:
        click.echo(f"  failed: {item.path}: {item.reason}")


json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
dry_run_option = click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--work", default="", help="The work the files belong to (default: from the file name).")
@click.option("--title", default="", help="Title (default: the first heading).")
@click.option("--type", "work_type", default="", help="Type, e.g. law, treaty, article (default: document).")
@click.option("--date", default="", help="Date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--lang", default="", type=click.Choice(["", "ru", "kk", "en"]), help="Language (default: identified).")
@click.option("--version-of", default="", metavar="WORK", help="The files are language versions of WORK.")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(min=1, max=64),
              help="Worker processes reading files.")
@dry_run_option
@json_option
@index_option
def add(paths, work, title, work_type, date, lang, version_of, processes, dry_run, as_json, index_dir):
    """Add files and folders (PDF, DOCX, HTML, RTF, TXT, MD; folders recursively).

    Metadata not given comes from a sidecar NAME.meta.toml beside a file (keys work,
    title, type, date, lang, version_of), else from the text."""
    report = indexer.add(list(paths), index_dir=index_dir, work=work, title=title, type=work_type, date=date,
                         lang=lang, version_of=version_of, dry_run=dry_run, progress=render.build_progress(),
                         processes=processes)
    click.echo(render.as_json(report) if as_json else render.report_text(report, "add"))


@cli.command()
@dry_run_option
@json_option
@index_option
def reindex(dry_run, as_json, index_dir):
    """Re-read the added files whose content changed; drop those that are gone."""
    report = indexer.reindex(index_dir=index_dir, dry_run=dry_run, progress=render.build_progress())
    click.echo(render.as_json(report) if as_json else render.report_text(report, "reindex"))


@cli.command()
@click.argument("work_or_file")
@json_option
@index_option
def remove(work_or_file, as_json, index_dir):
    """Remove an added work (all its files) or one added file."""
    report = indexer.remove(work_or_file, index_dir=index_dir, progress=render.build_progress())
    click.echo(render.as_json(report) if as_json else render.report_text(report, "remove"))


@cli.command()
@click.option("--verify", is_flag=True, help="Check every file of the index against its recorded hash.")
@json_option
@index_option
def status(verify, as_json, index_dir):
    """The index and its added files: indexed, stale, missing or failed, with reasons."""
    result = indexer.status(index_dir=index_dir, progress=render.build_progress(), verify=verify)
    click.echo(render.as_json(result) if as_json else render.status_text(result))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of works.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per work.")
@index_option
def docs(as_json, as_csv, index_dir):
    """List every work, catalogued or added: its status and passages indexed per language."""
    works = indexer.documents(index_dir, progress=render.build_progress())
    _emit(as_json, as_csv, lambda: render.documents_json(works), lambda: render.documents_csv(works),
          lambda: render.documents_text(works))


@cli.command()
@click.argument("term", required=False)
@click.option("--lang", "langs", type=LANGUAGE_CHOICE, multiple=True,
              help="Only equivalents in this language (repeatable).")
@click.option("--examples", default=3, show_default=True, type=click.IntRange(min=0),
              help="Aligned example passages per concept.")
@click.option("--export", "export_format", type=click.Choice(["tbx", "csv"]),
              help="Print the whole thesaurus as TBX-Basic or CSV.")
@click.option("--suggest", is_flag=True,
              help="Propose equivalents of TERM mined from aligned passages (for terms the thesaurus lacks).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per equivalent.")
@index_option
def terms(term, langs, examples, export_format, suggest, as_json, as_csv, index_dir):
    """Equivalents of TERM in Russian, Kazakh and English, with their use and aligned examples."""
    if export_format:
        click.echo(indexer.export_thesaurus(export_format), nl=False)
        return
    if not term:
        raise click.UsageError("give a TERM, or --export tbx|csv")
    if suggest:
        found = indexer.suggest_terms(term, index_dir=index_dir, langs=langs, progress=render.build_progress())
        click.echo(render.as_json(found) if as_json else render.suggestions_text(term, found, render.use_colour()))
        return
    result = indexer.terms(term, index_dir=index_dir, langs=langs, examples=examples,
                           progress=render.build_progress())
    _emit(as_json, as_csv, lambda: render.as_json(result), lambda: render.terms_csv(result),
          lambda: render.terms_text(result, render.use_colour()))


@cli.command()
@click.argument("work")
@click.argument("key", required=False)
@click.option("--lang", "langs", type=LANGUAGE_CHOICE, multiple=True,
              help="Only these language versions (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of aligned passages.")
@index_option
def parallel(work, key, langs, as_json, index_dir):
    """The language versions of WORK side by side, aligned by key (KEY: one place, e.g. 205)."""
    passages = indexer.parallel(work, key, index_dir=index_dir, langs=langs,
                                progress=render.build_progress())
    click.echo(render.as_json(passages) if as_json else render.parallel_text(passages))


def main():
    cli(prog_name="zan")


if __name__ == "__main__":
    sys.exit(main())
