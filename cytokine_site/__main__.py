"""Command line for editors and CI: ``python -m cytokine_site check|schema|preflight|price-diff|check-labels``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import gitrev, labelwatch, organization, settings

ROOT = Path(__file__).resolve().parent.parent
DATA = "data/prices.yml"
SCHEMA = "data/prices.schema.json"


def schema_text() -> str:
    from .model import PriceData

    schema = PriceData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "DGS Healthcare price data (data/prices.yml)"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def _check(args: argparse.Namespace) -> int:
    """Everything the build checks: the data file, mkdocs.yml, the environment and every page."""
    # Imported by each command that needs them: the data model, MkDocs and mkdocs-macros take half a second to
    # import, which `make price-diff` with a revision that does not exist, for one, never needs.
    from .loader import DataFileError, load_prices
    from .macros import bind
    from .project import ProjectError, check_checkout

    root = Path(args.root)
    try:
        if args.file != DATA:
            load_prices(root / args.file, label=args.file, today=settings.build_date())
        project = check_checkout(root, bind, config_file=args.config)
    except (ProjectError, DataFileError, settings.SettingsError) as err:
        print(err, file=sys.stderr)
        return 1
    data = project.data
    print(
        f"{DATA}: OK ({len(data.estimates)} price estimates, {len(data.package_items)} package items, "
        f"{len(data.checklists)} checklists); {args.config}, SITE_URL, SITE_BUILD_DATE and {len(project.pages)} "
        f"pages: OK"
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    target = ROOT / SCHEMA
    text = schema_text()
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{SCHEMA} is out of date: run `make schema` and commit the result", file=sys.stderr)
            return 1
        print(f"{SCHEMA} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA}")
    return 0


def preflight_report(config_path: Path) -> tuple[list[str], str]:
    config, lines = settings.read_config(config_path)
    org = organization.read(config.get("extra"), lines, file=config_path.name)
    missing = organization.missing(org)
    out = ["## Preflight: business facts", ""]
    if not missing:
        out.append("All business facts in `extra.organization` are set.")
    else:
        out.append(
            f"{len(missing)} fact(s) in `mkdocs.yml` → `extra.organization` are still to be confirmed; "
            'the site shows them as "to be confirmed":'
        )
        out.append("")
        out += [f"- `{key}`: {organization.FIELDS[key]}" for key in missing]
        out += [
            "",
            "Until this list is empty, the site is published as a preview: every page carries "
            "`noindex` (search engines leave it out) and a visible banner saying it is not yet reviewed "
            "and published. Both go away by themselves once every fact is set.",
        ]
    return missing, "\n".join(out) + "\n"


def _preflight(args: argparse.Namespace) -> int:
    try:
        missing, report = preflight_report(ROOT / "mkdocs.yml")
    except (organization.OrganizationError, settings.SettingsError) as err:
        print(err, file=sys.stderr)
        return 1
    print(report, end="")
    return 1 if (missing and args.strict) else 0


def _price_diff(args: argparse.Namespace) -> int:
    """Markdown report of what changed in the data file between --base and --head (default: working tree)."""
    repo = Path(args.repo)
    try:
        today = settings.build_date()
    except settings.SettingsError as err:
        print(err, file=sys.stderr)
        return 2
    try:
        base_rev, note = gitrev.resolve_base(repo, args.base)
        if note:
            print(note, file=sys.stderr)
        # Imported once the revision is known: a mistyped one is told in a tenth of a second.
        from . import pricediff
        from .loader import DataFileError, load_prices, parse_prices

        if args.head is None:
            head_label = "the working copy"
            try:
                head = load_prices(repo / args.file, today=today, label=args.file)
            except DataFileError as err:
                print(err)
                return 1
        else:
            head_label = gitrev.short(repo, args.head)
            text = gitrev.read_at(repo, args.head, args.file)
            if text is None:
                print(f"{args.file} does not exist at {args.head}")
                return 1
            try:
                head = parse_prices(text, label=f"{args.head}:{args.file}", today=today)
            except DataFileError as err:
                print(err)
                return 1
        base_text = gitrev.read_at(repo, base_rev, args.file)
    except gitrev.GitError as err:
        print(f"price-diff: {err}", file=sys.stderr)
        return 2
    base_label = gitrev.short(repo, base_rev)
    if base_text is None:
        print(f"{args.file} is new: it does not exist at {base_label}, so there is nothing to compare.")
        return 0
    try:
        base = parse_prices(base_text, label=f"{base_rev}:{args.file}", today=today)
    except DataFileError as err:
        print(f"The version at {base_label} does not pass today's checks, so it cannot be compared: {err}")
        return 0
    print(
        pricediff.to_markdown(
            pricediff.compare(base, head), base_label=base_label, head_label=head_label, file=args.file
        ),
        end="",
    )
    return 0


def _check_labels(args: argparse.Namespace) -> int:
    """Ask DailyMed whether any US label the pages cite has a version nobody has read yet (reads, never writes)."""
    from .loader import DataFileError, load_prices

    try:
        base = labelwatch.base_url(os.environ)
        data = load_prices(Path(args.root) / args.file, label=args.file, today=settings.build_date())
    except (labelwatch.WatchError, DataFileError, settings.SettingsError) as err:
        print(err, file=sys.stderr)
        return 2
    lines, status = labelwatch.report(data, labelwatch.check_all(data, base))
    print("\n".join(lines))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cytokine_site")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the data file")
    check.add_argument("file", nargs="?", default=DATA)
    check.add_argument("--root", default=str(ROOT), help="the project folder (default: this checkout)")
    check.add_argument("--config", default=settings.CONFIG_FILE, help="the configuration file (default: mkdocs.yml)")
    check.set_defaults(func=_check)
    schema = sub.add_parser("schema", help="write the JSON Schema of the data file")
    schema.add_argument("--check", action="store_true", help="fail if the committed schema is out of date")
    schema.set_defaults(func=_schema)
    pre = sub.add_parser("preflight", help="list business facts still to be confirmed")
    pre.add_argument("--strict", action="store_true", help="exit 1 if any fact is missing")
    pre.set_defaults(func=_preflight)
    diff = sub.add_parser("price-diff", help="Markdown report of price changes since a git revision")
    diff.add_argument(
        "--base",
        default=gitrev.DEFAULT_BASE,
        help=f"git revision to compare with (default {gitrev.DEFAULT_BASE}; "
        f"if it is missing: {', then '.join(gitrev.FALLBACK_BASES)})",
    )
    diff.add_argument("--head", default=None, help="git revision of the new version (default: the working copy)")
    diff.add_argument("--repo", default=".", help="the git repository (default: the current folder)")
    diff.add_argument("--file", default=DATA, help=f"the data file inside the repository (default {DATA})")
    diff.set_defaults(func=_price_diff)
    labels = sub.add_parser(
        "check-labels",
        help=f"list US labels with a newer version on DailyMed ({labelwatch.ENV}, default {labelwatch.DEFAULT_URL})",
    )
    labels.add_argument("--root", default=str(ROOT), help="the project folder (default: this checkout)")
    labels.add_argument("--file", default=DATA, help=f"the data file inside the project (default {DATA})")
    labels.set_defaults(func=_check_labels)
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
