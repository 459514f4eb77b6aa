#!/usr/bin/env python3
"""Markdown report of several conformance.py --json result files, one column per configuration.

    report.py native-ws.json native-wss.json native-ws-deflate.json ... [-o report.md]

The configuration's name is the one conformance.py wrote in the file (else the file's name without .json).
"""

import argparse
import json
import os
import sys


def case_key(case_id):
    return tuple(int(part) for part in case_id.split("."))


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def passed(result):
    return result in ("PASS", "NON-STRICT")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", metavar="FILE.json")
    parser.add_argument("-o", "--output", help="write here instead of standard output")
    args = parser.parse_args()

    configs = []  # (name, data, {case id: result entry})
    cases = {}  # case id -> the first entry seen (section, description, expectation)
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        name = data.get("config") or os.path.splitext(os.path.basename(path))[0]
        by_id = {r["id"]: r for r in data["results"]}
        configs.append((name, data, by_id))
        for r in data["results"]:
            cases.setdefault(r["id"], r)
    ids = sorted(cases, key=case_key)
    names = [name for name, _, _ in configs]

    out = ["# WebSocket conformance", ""]
    out += table(["configuration", "cases run", "PASS", "NON-STRICT", "FAIL", "of them expected", "time"],
                 [[name, len(by_id), sum(r["result"] == "PASS" for r in by_id.values()),
                   sum(r["result"] == "NON-STRICT" for r in by_id.values()),
                   sum(r["result"] == "FAIL" for r in by_id.values()),
                   sum(r["result"] == "FAIL" and bool(r.get("expected_failure")) for r in by_id.values()),
                   f"{data.get('seconds', '?')} s"] for name, data, by_id in configs])

    out += ["", "## By section", "",
            "Passed (PASS or NON-STRICT) of the cases run; — where the section was not run.", ""]
    sections = []
    for case_id in ids:
        key = (cases[case_id]["section"], cases[case_id].get("section_name", ""))
        if key not in sections:
            sections.append(key)
    rows = []
    for section, section_name in sections:
        in_section = [i for i in ids if cases[i]["section"] == section]
        row = [f"{section} {section_name}".strip(), len(in_section)]
        for _, _, by_id in configs:
            run = [by_id[i] for i in in_section if i in by_id]
            row.append(f"{sum(passed(r['result']) for r in run)}/{len(run)}" if run else "—")
        rows.append(row)
    total = [["all", len(ids)] + [f"{sum(passed(r['result']) for r in by_id.values())}/{len(by_id)}"
                                  for _, _, by_id in configs]]
    out += table(["section", "cases"] + names, rows + total)

    out += ["", "## Every case", ""]
    rows = []
    for case_id in ids:
        row = [case_id, cases[case_id]["description"], cases[case_id]["expected"]]
        row += [by_id[case_id]["result"] if case_id in by_id else "—" for _, _, by_id in configs]
        rows.append(row)
    out += table(["case", "description", "expected"] + names, rows)

    out += ["", "## What did not pass", ""]
    rows = []
    for case_id in ids:
        for name, _, by_id in configs:
            r = by_id.get(case_id)
            if r and r["result"] != "PASS":
                why = r.get("reason", "")
                if r.get("expected_failure"):
                    why += f" (expected: {r['expected_failure']})"
                rows.append([case_id, name, r["result"], why])
    out += table(["case", "configuration", "result", "what came instead"], rows) if rows else ["Nothing."]

    text = "\n".join(out) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
