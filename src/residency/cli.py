"""The ``residency`` command: a thin Typer layer over :mod:`residency.runner`.

Exit codes: 0 no mandatory violation, 1 at least one mandatory violation (or undetermined finding treated as
mandatory), 2 usage, configuration, program or engine error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from residency import audit as audit_run
from residency import backends, dependencies, html_report, model, org_report, packconfig, report, runner
from residency.config import ConfigError

app = typer.Typer(
    name="residency",
    help="Check that Pulumi stacks keep customer content and request processing in a residency zone.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Explicit: the default changed between typer releases, and help texts escape `[` for Rich markup.
    rich_markup_mode="rich",
)

err = Console(stderr=True, highlight=False, soft_wrap=True)

FormatOption = Annotated[
    report.Format, typer.Option("--format", "-f", help="text (a table), json, sarif (2.1.0) or junit (XML).")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of standard output.")
]
PackOption = Annotated[
    Path | None,
    typer.Option("--policy-pack", help="A Pulumi policy pack directory (default: the residency pack)."),
]
PolicyConfigOption = Annotated[
    Path | None,
    typer.Option("--policy-config", help="Policy pack config JSON, as for `pulumi preview --policy-pack-config`."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show full tracebacks of the program.")]
ZoneOption = Annotated[
    list[str] | None,
    typer.Option("--zone", help="Residency zone for every policy (eu, eea, a country, a partition, regions)."),
]
CountriesOption = Annotated[
    list[str] | None,
    typer.Option("--supported-countries", help="Countries (and EU/EEA) endpoints may serve, for every policy."),
]


def _overrides(zone: list[str] | None, countries: list[str] | None) -> dict[str, object]:
    try:
        return packconfig.overrides_from(zone, countries)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=1, help="Seconds the program (or the pack) may run before it is stopped.")
]


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True)
    return typer.Exit(2)


def _stdout_console() -> Console:
    """Standard output; CI logs are not terminals, so give tables room there instead of 80 columns."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=160)


def _emit(result: report.Report, fmt: report.Format, output: Path | None) -> None:
    if fmt == "text":
        if output is None:
            report.print_text(result, _stdout_console())
        else:
            with output.open("w", encoding="utf-8") as handle:
                report.print_text(result, Console(file=handle, highlight=False, width=160, color_system=None))
        return
    text = report.render(result, fmt)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


@app.command()
def check(
    program_dir: Annotated[Path, typer.Argument(help="The Pulumi project directory.")] = Path("."),
    stack: Annotated[str | None, typer.Option("--stack", "-s", help="The stack (Pulumi.<stack>.yaml).")] = None,
    config: Annotated[
        list[str] | None, typer.Option("--config", "-c", help="KEY=VALUE config, overriding the stack file.")
    ] = None,
    policy_pack: PackOption = None,
    policy_config: PolicyConfigOption = None,
    zone: ZoneOption = None,
    supported_countries: CountriesOption = None,
    fmt: FormatOption = "text",
    output: OutputOption = None,
    timeout: TimeoutOption = 300.0,
    debug: DebugOption = False,
    python: Annotated[
        Path | None,
        typer.Option(
            "--python",
            help="The interpreter to run the program with (default: the project's virtualenv or toolchain, "
            "as `pulumi preview` uses; else this one).",
        ),
    ] = None,
) -> None:
    """Run a Pulumi Python program offline, as a preview and as an up, and check what it declares against the pack.

    Resources the offline run cannot see (multi-language components) are mandatory
    `residency-offline-coverage` findings: run `pulumi preview --policy-pack` for them.
    """
    pack_settings = _overrides(zone, supported_countries)
    try:
        outcome = runner.check(
            program_dir,
            stack=stack,
            overrides=config or [],
            pack_dir=policy_pack,
            policy_config_file=policy_config,
            timeout=timeout,
            progress=err if fmt == "text" and err.is_terminal else None,
            python=python,
            pack_settings=pack_settings,
        )
    except runner.ProgramFailedError as exc:
        if debug and exc.full_traceback:
            err.print(exc.full_traceback, markup=False)
        raise _fail(str(exc)) from None
    except runner.RunError as exc:
        raise _fail(str(exc)) from None
    for note in outcome.notes:
        err.print(f"[bold]note:[/] {note}", markup=True)
    _emit(outcome.report, fmt, output)
    raise typer.Exit(outcome.report.exit_code)


AuditFormat = Literal["text", "json", "sarif", "junit", "html"]


@app.command()
def audit(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="State files (`pulumi stack export` JSON, checkpoints, .json.gz), directories, - for stdin, "
            "or Pulumi DIY backends: file://PATH, s3://BUCKET\\[/PREFIX].",
            show_default=False,
            metavar="INPUT",
        ),
    ],
    policy_pack: PackOption = None,
    policy_config: PolicyConfigOption = None,
    zone: ZoneOption = None,
    supported_countries: CountriesOption = None,
    fmt: Annotated[
        AuditFormat,
        typer.Option(
            "--format", "-f", help="text, json, sarif (2.1.0), junit (XML) or html (a self-contained page)."
        ),
    ] = "text",
    output: OutputOption = None,
    timeout: TimeoutOption = 300.0,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Stacks evaluated in parallel (default: the cores).")
    ] = None,
    shard: Annotated[
        str | None,
        typer.Option("--shard", help="I/N: audit only share I of N of the stacks (one CI matrix job each)."),
    ] = None,
    endpoint_url: Annotated[
        str | None, typer.Option("--endpoint-url", help="S3-compatible endpoint for s3:// backends.")
    ] = None,
    engine_protocol: Annotated[
        bool,
        typer.Option(
            "--engine-protocol", help="Run the residency pack in its own process over the Analyzer protocol."
        ),
    ] = False,
) -> None:
    """Check every resource of deployed stacks, from exported states or a DIY backend, against the pack.

    INPUT: state files (`pulumi stack export` JSON, checkpoints, .json.gz), directories, - for stdin, or Pulumi
    DIY backends: file://PATH, s3://BUCKET\\[/PREFIX].

    One state file (or -) gives the single-stack report; directories, backends and several inputs give one
    report over every stack. A stack that cannot be read or evaluated is reported with its reason and makes
    the exit code 2; the others are still audited.
    """
    pack_settings = _overrides(zone, supported_countries)
    if backends.is_single_stack_input(inputs) and fmt != "html" and shard is None:
        try:
            result = runner.audit_state(
                inputs[0],
                pack_dir=policy_pack,
                policy_config_file=policy_config,
                timeout=timeout,
                progress=err if fmt == "text" and err.is_terminal else None,
                engine_protocol=engine_protocol,
                pack_settings=pack_settings,
            )
        except runner.RunError as exc:
            raise _fail(str(exc)) from None
        _emit(result, fmt, output)
        raise typer.Exit(result.exit_code)
    try:
        options = audit_run.AuditOptions(
            pack_dir=policy_pack,
            policy_config_file=policy_config,
            engine_protocol=engine_protocol,
            jobs=jobs or os.cpu_count() or 1,
            shard=audit_run.parse_shard(shard) if shard else None,
            endpoint_url=endpoint_url,
            timeout=timeout,
            keep_resources=fmt == "junit",
            pack_settings=pack_settings,
        )
        with _AuditProgress(err if err.is_terminal else None) as progress:
            org = audit_run.run_audit(
                inputs, options, on_start=progress.start, on_progress=progress.advance, want_profile=fmt == "html"
            )
    except runner.RunError as exc:
        raise _fail(str(exc)) from None
    if fmt != "text":
        if not org.stacks:
            err.print(f"No stacks found in {', '.join(inputs)}.", markup=False)
        for failed in org.failed:
            err.print(f"could not decide {failed.name}: {failed.error}", markup=False)
    _emit_org(org, fmt, output)
    raise typer.Exit(org.exit_code)


class _AuditProgress:
    """A progress bar of stacks and resources on a terminal; nothing otherwise."""

    def __init__(self, console: Console | None) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._resources = 0

    def __enter__(self) -> _AuditProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, stacks: int) -> None:
        if self._console is None:
            return
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("Auditing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("stacks, {task.fields[resources]:,} resources"),
            TimeElapsedColumn(),
            console=self._console,
            transient=True,
        )
        self._task = self._progress.add_task("audit", total=stacks, resources=0)
        self._progress.start()

    def advance(self, stacks: int, resources: int) -> None:
        if self._progress is not None and self._task is not None:
            self._resources += resources
            self._progress.update(self._task, advance=stacks, resources=self._resources)


def _emit_org(org: org_report.OrgReport, fmt: str, output: Path | None) -> None:
    if fmt == "text":
        if output is None:
            org_report.print_text(org, _stdout_console())
        else:
            with output.open("w", encoding="utf-8") as handle:
                org_report.print_text(org, Console(file=handle, highlight=False, width=160, color_system=None))
        return
    if fmt == "json":
        text = org_report.to_json(org)
    elif fmt == "sarif":
        text = json.dumps(org_report.to_sarif(org), indent=2)
    elif fmt == "junit":
        text = org_report.to_junit(org)
    else:
        text = html_report.render(org)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


@app.command("policy-config")
def policy_config_command(
    zone: ZoneOption = None,
    supported_countries: CountriesOption = None,
    undetermined_advisory: Annotated[
        bool, typer.Option("--undetermined-advisory", help="Report undetermined decisions as advisory.")
    ] = False,
    output: OutputOption = None,
) -> None:
    """Print a --policy-pack-config file that gives every policy of the pack the same settings."""
    settings: dict[str, object] = dict(_overrides(zone, supported_countries))
    if undetermined_advisory:
        settings["undeterminedIsMandatory"] = False
    try:
        document = packconfig.for_every_policy(settings)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    text = json.dumps(document, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def zones() -> None:
    """Show the zone tokens and country groups, with the regions and countries each one means."""
    console = Console(highlight=False)
    table = Table(title="Residency zones (regions by the country they stand in)")
    table.add_column("Zone token")
    table.add_column("Countries")
    table.add_column("Regions", overflow="fold")
    for group, countries in model.COUNTRY_GROUPS.items():
        zone = model.resolve_zone(group.lower())
        table.add_row(group.lower(), ", ".join(sorted(countries)), ", ".join(sorted(zone.regions)))
    by_country: dict[str, list[str]] = {}
    for region in model.regions().values():
        if region.country:
            by_country.setdefault(region.country, []).append(region.name)
    for code in sorted(by_country):
        table.add_row(code.lower(), f"{model.country_name(code)} ({code})", ", ".join(sorted(by_country[code])))
    for name, partition in sorted(model.partitions().items()):
        table.add_row(name, "partition", ", ".join(sorted(partition.regions)))
    console.print(table)
    console.print("Regions botocore knows that stand in no mapped country belong to no zone.")


@app.command()
def explain(
    target: Annotated[str, typer.Argument(help="A resource type token (aws:s3/bucket:Bucket) or a URN.")],
) -> None:
    """Show how a resource type is classified and which policies apply to it."""
    try:
        explanation = runner.explain(target)
    except runner.RunError as exc:
        raise _fail(str(exc)) from None
    console = Console(highlight=False)
    console.print(f"[bold]{explanation.type}[/]: {explanation.classification}")
    console.print(explanation.meaning)
    table = Table(title="Policies that apply")
    table.add_column("Policy")
    table.add_column("Level")
    table.add_column("Checks", overflow="fold")
    for name, level, description in explanation.policies:
        table.add_row(name, level, description)
    console.print(table)


def main() -> None:
    """Console-script entry point: refuse dependencies older than declared, then run the command."""
    try:
        dependencies.check()
    except dependencies.DependencyError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True)
        raise SystemExit(2) from None
    app()


if __name__ == "__main__":
    main()
