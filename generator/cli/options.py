"""Options shared by several subcommands, declared once."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_catalog(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog", type=Path, default=None, help="catalog directory (default: checklists/)"
    )
