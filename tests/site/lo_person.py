"""A person at LibreOffice Calc, driven through UNO: run by the system Python
(Debian's python3-uno), not by the project's venv.

    /usr/bin/python3 tests/site/lo_person.py STEPS.json

STEPS.json: {"book": path, "out": path, "profile": folder, "steps": [...]}. Each
step is done as the user interface does it (the dispatcher, with the cell
selected first), so the sheet protection applies as it applies to a person:
  ["type", sheet, "A2", "text"]      type text into a cell and press Enter
  ["insert_row", sheet, "A3"]        Insert > Rows Above at that cell
  ["read", sheet, "A3"]              the cell's text as Calc shows it
  ["locked", sheet, "A3"]            is that cell locked in a protected sheet
The book is then saved as .xlsx to out. Prints one JSON list: a result per step.
A locked cell is never typed into: Calc's refusal is a dialog, which a
headless Calc does not survive.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _prop(name: str, value: object) -> Any:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def main(steps_file: str) -> None:
    spec = json.loads(Path(steps_file).read_text(encoding="utf-8"))
    pipe = f"playbook{Path(steps_file).stat().st_ino}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={Path(spec['profile']).as_uri()}", "--headless",
         "--invisible", "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.1)
        else:
            raise SystemExit("LibreOffice did not answer within 60 s")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(spec["book"]), "_blank", 0, (_prop("Hidden", True),)
        )
        controller = doc.CurrentController
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        results: list[object] = []
        for action, sheet_index, ref, *rest in spec["steps"]:
            sheet = doc.Sheets.getByIndex(sheet_index)
            cell = sheet.getCellRangeByName(ref)
            if action == "read":
                results.append(cell.getCellByPosition(0, 0).String)
                continue
            if action == "locked":
                results.append(bool(sheet.isProtected() and cell.CellProtection.IsLocked))
                continue
            controller.setActiveSheet(sheet)
            controller.select(cell)
            if action == "type":
                args = (_prop("StringName", rest[0]),)
                dispatcher.executeDispatch(controller.Frame, ".uno:EnterString", "", 0, args)
            elif action == "insert_row":
                dispatcher.executeDispatch(controller.Frame, ".uno:InsertRowsBefore", "", 0, ())
            else:
                raise SystemExit(f"unknown step {action!r}")
            results.append(None)
        doc.storeToURL(
            uno.systemPathToFileUrl(spec["out"]), (_prop("FilterName", "Calc MS Excel 2007 XML"),)
        )
        doc.close(True)
        print(json.dumps(results))
    finally:
        office.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    main(sys.argv[1])
