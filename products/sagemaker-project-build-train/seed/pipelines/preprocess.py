"""Preprocessing step: CSV with a header row in, shuffled train/validation/test splits out.

Runs in a SageMaker processing job (network-isolated, so it reads and writes local
paths only). The target column (default: the last one) is moved first and the
header dropped: the layout SageMaker's XGBoost algorithm expects. Rows with an
empty or non-numeric value are skipped and counted. Standard library only.
"""
import argparse
import csv
import glob
import os
import random
import sys

SPLITS = (("train", 0.7), ("validation", 0.15), ("test", 0.15))


def read_rows(input_dir):
    """Header and rows of every CSV file under input_dir (all files must share the header)."""
    files = sorted(glob.glob(os.path.join(input_dir, "**", "*.csv"), recursive=True))
    if not files:
        raise FileNotFoundError(f"no .csv file under {input_dir}")
    header, rows = None, []
    for path in files:
        with open(path, newline="") as handle:
            reader = csv.reader(handle)
            file_header = next(reader)
            if header is None:
                header = file_header
            elif file_header != header:
                raise ValueError(f"{path}: header {file_header} differs from {header}")
            rows.extend(reader)
    return header, rows


def to_numeric(header, rows, target):
    """Rows as floats with the target first; returns (rows, skipped)."""
    if target not in header:
        raise ValueError(f"target column {target!r} not in header {header}")
    index = header.index(target)
    result, skipped = [], 0
    for row in rows:
        try:
            values = [float(value) for value in row]
        except ValueError:
            skipped += 1
            continue
        if len(values) != len(header):
            skipped += 1
            continue
        result.append([values[index]] + values[:index] + values[index + 1:])
    return result, skipped


def split(rows, seed=42):
    """Shuffled train/validation/test splits (70/15/15); the same seed gives the same splits."""
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    n = len(shuffled)
    train_end = int(n * SPLITS[0][1])
    validation_end = train_end + int(n * SPLITS[1][1])
    return {
        "train": shuffled[:train_end],
        "validation": shuffled[train_end:validation_end],
        "test": shuffled[validation_end:],
    }


def write_split(output_dir, name, rows):
    directory = os.path.join(output_dir, name)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"{name}.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow([format_number(value) for value in row])


def format_number(value):
    return str(int(value)) if value.is_integer() else repr(value)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--target", default=None, help="target column (default: the last column)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    header, rows = read_rows(args.input)
    numeric, skipped = to_numeric(header, rows, args.target or header[-1])
    if len(numeric) < 20:
        raise ValueError(f"only {len(numeric)} usable rows; at least 20 are needed to train and evaluate")
    splits = split(numeric, args.seed)
    for name, part in splits.items():
        write_split(args.output, name, part)
    sizes = ", ".join(f"{name} {len(part)}" for name, part in splits.items())
    print(f"preprocess: {len(numeric)} rows ({skipped} skipped): {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
