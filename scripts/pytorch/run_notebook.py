#!/usr/bin/python3
"""Runs a notebook the way Jupyter and Colab do: every code cell in order, in one IPython kernel.

  run_notebook.py NOTEBOOK [--cwd DIR] [--executed FILE] [--timeout SECONDS]

The notebook is first checked against nbformat's JSON schema, then executed by nbclient with the
"python3" kernel (ipykernel), which inherits this process's environment variables. Each cell's printed
output goes to stdout under a "--- cell N ---" line; the executed notebook is saved with --executed. Exits
1 with the failing cell's error when a cell raises, 2 when the notebook is not valid nbformat.

Needs Debian's python3-nbformat, python3-nbclient and python3-ipykernel (.ci/run installs them), and
whatever the notebook imports (here python3-torch). Used by tests/unit/companion-notebook-run.test.ts.
"""
import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def printed_output(cell):
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback", [])))
        elif "data" in output and "text/plain" in output["data"]:
            parts.append(output["data"]["text/plain"] + "\n")
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser(description="Execute a notebook's code cells in order with a Jupyter kernel.")
    parser.add_argument("notebook")
    parser.add_argument("--cwd", default=".", help="the kernel's working folder (default: this one)")
    parser.add_argument("--executed", help="save the executed notebook here")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one cell may run (default 600)")
    args = parser.parse_args()

    notebook = nbformat.read(args.notebook, as_version=4)
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        print(f"run_notebook.py: {args.notebook} is not valid nbformat {notebook.nbformat}.{notebook.nbformat_minor}: {error.message}", file=sys.stderr)
        sys.exit(2)

    client = NotebookClient(notebook, timeout=args.timeout, kernel_name="python3", resources={"metadata": {"path": args.cwd}})
    started = time.perf_counter()
    failure = None
    try:
        client.execute()
    except CellExecutionError as error:
        failure = error
    seconds = time.perf_counter() - started

    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            print(f"--- cell {number} ---\n{printed_output(cell)}", end="" if printed_output(cell).endswith("\n") else "\n")
    if args.executed:
        nbformat.write(notebook, args.executed)
    executed = sum(1 for cell in code_cells if cell.get("execution_count") is not None)
    print(json.dumps({"code_cells": len(code_cells), "executed": executed, "seconds": round(seconds, 2), "ok": failure is None}))
    if failure is not None:
        print(f"run_notebook.py: a cell failed:\n{failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
