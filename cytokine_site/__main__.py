"""Command line for editors and CI: ``python -m cytokine_site check|schema|preflight``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from . import organization
from .loader import DataFileError, load_prices
from .model import PriceData

ROOT = Path(__file__).resolve().parent.parent
DATA = "data/prices.yml"
SCHEMA = "data/prices.schema.json"


def schema_text() -> str:
    schema = PriceData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "DGS Healthcare price data (data/prices.yml)"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def _check(args) -> int:
    try:
        data = load_prices(ROOT / args.file, label=args.file)
    except DataFileError as err:
        print(err, file=sys.stderr)
        return 1
    print(
        f"{args.file}: OK ({len(data.estimates)} price estimates, {len(data.package_items)} package items, "
        f"{len(data.checklists)} checklists)"
    )
    return 0


def _schema(args) -> int:
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


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its !ENV tags (only extra.organization is needed)."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def preflight_report(config_path: Path) -> tuple[list[str], str]:
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    org = organization.read(config.get("extra"))
    missing = organization.missing(org)
    lines = ["## Preflight: business facts", ""]
    if not missing:
        lines.append("All business facts in `extra.organization` are set.")
    else:
        lines.append(f"{len(missing)} fact(s) in `mkdocs.yml` → `extra.organization` are still to be confirmed; "
                     "the site shows them as \"to be confirmed\":")
        lines.append("")
        lines += [f"- `{key}`: {organization.FIELDS[key]}" for key in missing]
    return missing, "\n".join(lines) + "\n"


def _preflight(args) -> int:
    missing, report = preflight_report(ROOT / "mkdocs.yml")
    print(report, end="")
    return 1 if (missing and args.strict) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cytokine_site")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the data file")
    check.add_argument("file", nargs="?", default=DATA)
    check.set_defaults(func=_check)
    schema = sub.add_parser("schema", help="write the JSON Schema of the data file")
    schema.add_argument("--check", action="store_true", help="fail if the committed schema is out of date")
    schema.set_defaults(func=_schema)
    pre = sub.add_parser("preflight", help="list business facts still to be confirmed")
    pre.add_argument("--strict", action="store_true", help="exit 1 if any fact is missing")
    pre.set_defaults(func=_preflight)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
