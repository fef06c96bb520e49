#!/usr/bin/env python3
"""Before/after table from two outputs of the same paired benchmark mode (--bce, --profile, --lagrangian).

Each output is the markdown table the benchmark prints ("| name | pairs | baseline | candidate | median ratio | IQR |");
a row's name is "<label> [<shape>], <setting>". The table has one row per label (per label and shape with
--columns setting) and one column per shape (or setting), each cell "before → **after**" median ratios.

    benchmarks/before-after.py before.txt after.txt --columns shape     # --bce
    benchmarks/before-after.py before.txt after.txt --columns setting   # --profile
"""
import argparse
import re
import sys

ROW = re.compile(r"^\| (?P<label>.+?) \[(?P<shape>[0-9, ]+)\], (?P<setting>[^|]+?) \| \d+ \| [^|]+ \| [^|]+ \| (?P<ratio>[0-9.]+) \|")


def read(path):
    ratios = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line.strip())
            if m:
                # The last table in the file wins (the benchmark prints each row as it goes, then the whole table).
                ratios[(m["label"], m["shape"], m["setting"])] = m["ratio"]
    return ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--columns", choices=["shape", "setting"], default="shape")
    args = parser.parse_args()
    before, after = read(args.before), read(args.after)
    if not after:
        sys.exit(f"no benchmark rows in {args.after}")
    keys = [k for k in after if k in before]
    missing = [k for k in after if k not in before]
    column_of = (lambda k: k[1]) if args.columns == "shape" else (lambda k: k[2])
    row_of = (lambda k: k[0]) if args.columns == "shape" else (lambda k: f"{k[0]} [{k[1]}]")
    columns, rows = [], []
    for k in keys:
        if column_of(k) not in columns:
            columns.append(column_of(k))
        if row_of(k) not in rows:
            rows.append(row_of(k))
    cells = {(row_of(k), column_of(k)): f"{before[k]} → **{after[k]}**" for k in keys}
    header = [""] + [f"[{c}] before → after" if args.columns == "shape" else f"{c}" for c in columns]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(columns))
    for r in rows:
        print("| " + " | ".join([r] + [cells.get((r, c), "") for c in columns]) + " |")
    for k in missing:
        print(f"(only after: {k[0]} [{k[1]}], {k[2]}: {after[k]})", file=sys.stderr)


if __name__ == "__main__":
    main()
