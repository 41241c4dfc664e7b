from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.catalog.documents import shown_path
from generator.catalog.scaffold import add_item
from generator.cli.exits import EXIT_OK
from generator.cli.options import add_catalog
from generator.errors import InvalidInput, UsageError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "new-item", help="add a checklist item stub with the next free ID to an area file"
    )
    p.add_argument("--area", required=True, help="area id from catalog.yaml, e.g. value")
    add_catalog(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    # Never the copy inside the installed package: a new item belongs in a checkout.
    root: Path = args.catalog if args.catalog is not None else Path("checklists")
    if not (root / "catalog.yaml").is_file():
        raise UsageError(
            f"{root}: no catalog.yaml here; run from the repository root or pass --catalog DIR"
        )
    try:
        new = add_item(root, args.area)
    except InvalidInput:
        print("new-item needs a valid catalog to start from; fix these first:", file=sys.stderr)
        raise
    where = shown_path(new.path)
    validate = "playbook validate" + ("" if args.catalog is None else f" {args.catalog}")
    print(
        f"added {new.id} to {where}:{new.line}\n"
        "\n"
        "Fill in (each still says TODO, which the validator refuses):\n"
        "  title.nb, title.en          what holds when the item is met, in bokmål and English\n"
        "  why.nb, why.en              why it matters\n"
        "  done_when.nb, done_when.en  a criterion a reviewer can verify, naming the evidence\n"
        f"  sources                     one or more keys from {shown_path(root / 'sources.yaml')}\n"
        "\n"
        "Confirm or change (placeholders, already valid):\n"
        f"  owner: {new.owner}    gate: {new.gate}    level: {new.level}\n"
        f'  since: "{new.since}" (the catalog version; if the item ships in a new release,'
        " bump version in catalog.yaml, add a changes entry and use that version here)\n"
        "\n"
        "Optional: applies_when (ai_type, risk_class, personal_data, users) and mappings.\n"
        "\n"
        f"Next: {validate}"
    )
    return EXIT_OK
