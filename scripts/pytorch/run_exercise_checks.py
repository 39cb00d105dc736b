#!/usr/bin/python3
"""Runs the companion notebook's exercise checks on several versions of the learner's code, quickly.

  run_exercise_checks.py NOTEBOOK VARIANTS.json [OUTPUT.jsonl]

NOTEBOOK is the built notebook (src/notebook/companion-notebook.ts). VARIANTS.json is a list of
{"name": ..., "cells": {"exercise-NAME": CODE, ...}}: for each variant, the notebook's checks cell, then its
cells tagged "exercise" or "check", in order, run in a fresh namespace, with the exercise cells named in
"cells" replaced by CODE (the others keep the notebook's starter). Writes one JSON line per variant, to
OUTPUT or stdout: {"name", "output" (what the cells printed), "exercises" (exercise_summary()'s entries)}.

tests/unit/companion-notebook-run.test.ts calls run_variants from a cell it adds at the end of the notebook
it executes, so the kernel that already imported torch for the notebook serves every variant too: the
import of torch costs more than all the checks together.
"""
import contextlib
import io
import json
import sys


def run_variants(notebook_path, variants_path, out):
    with open(notebook_path, encoding="utf-8") as file:
        cells = [cell for cell in json.load(file)["cells"] if cell["cell_type"] == "code"]
    with open(variants_path, encoding="utf-8") as file:
        variants = json.load(file)

    def source(cell):
        return "".join(cell["source"])

    checks_cell = next(cell for cell in cells if "def exercise_summary(" in source(cell))
    tagged = [cell for cell in cells if {"exercise", "check"} & set(cell["metadata"].get("tags", []))]
    for variant in variants:
        namespace = {"__name__": "__main__"}
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(source(checks_cell), "<checks cell>", "exec"), namespace)
            for cell in tagged:
                name = next((tag for tag in cell["metadata"]["tags"] if tag.startswith("exercise-")), None)
                code = variant["cells"].get(name, source(cell)) if name else source(cell)
                exec(compile(code, f"<{name or 'check'} cell>", "exec"), namespace)
            exercises = namespace["exercise_summary"]()
        out.write(json.dumps({"name": variant["name"], "output": printed.getvalue(), "exercises": exercises}) + "\n")
        out.flush()


if __name__ == "__main__":
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w", encoding="utf-8") as output:
            run_variants(sys.argv[1], sys.argv[2], output)
    else:
        run_variants(sys.argv[1], sys.argv[2], sys.stdout)
