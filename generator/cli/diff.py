from __future__ import annotations

import argparse
import json
from typing import Any

from generator.catalog import diff
from generator.catalog import git_revision as revision
from generator.cli.exits import EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser(
        "diff",
        help="list the items added, changed, deprecated and removed between two catalogs",
        description="OLD and NEW are catalog directories or git revisions (a tag, HEAD~1, ...).",
    )
    p.add_argument("old", help="catalog directory or git revision")
    p.add_argument("new", help="catalog directory or git revision")
    p.add_argument("--format", choices=["text", "json"], default="text", help="default: text")
    p.add_argument(
        "--lang", choices=["nb", "en"], default="en", help="language of titles (default: en)"
    )
    p.add_argument(
        "--path",
        default="checklists",
        help="catalog folder at a git revision, relative to here (default: checklists)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    result = diff.compare(revision.load(args.old, args.path), revision.load(args.new, args.path))
    if args.format == "json":
        data = diff.as_json(result, args.old, args.new)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(diff.as_text(result, args.old, args.new, args.lang), end="")
    return EXIT_OK
