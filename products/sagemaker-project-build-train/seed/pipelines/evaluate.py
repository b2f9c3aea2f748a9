"""Evaluation step: the trained model's mean squared error on the test split.

Runs in a SageMaker processing job on the XGBoost image (network-isolated). Writes
evaluation.json in the form SageMaker Model Registry shows as model quality, and the
pipeline's quality gate reads: {"regression_metrics": {"mse": {"value", "standard_deviation"}}}.
"""
import argparse
import csv
import glob
import json
import math
import os
import shutil
import sys
import tarfile


def mean_squared_error(actual, predicted):
    if len(actual) != len(predicted) or not actual:
        raise ValueError(f"need the same, non-zero number of values (got {len(actual)} and {len(predicted)})")
    return sum((a - p) ** 2 for a, p in zip(actual, predicted)) / len(actual)


def standard_deviation(values):
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def report(actual, predicted):
    errors = [(a - p) ** 2 for a, p in zip(actual, predicted)]
    return {
        "regression_metrics": {
            "mse": {"value": mean_squared_error(actual, predicted), "standard_deviation": standard_deviation(errors)}
        }
    }


def read_test_split(test_dir):
    """(targets, features) of the CSV files under test_dir (target first, no header)."""
    targets, features = [], []
    for path in sorted(glob.glob(os.path.join(test_dir, "**", "*.csv"), recursive=True)):
        with open(path, newline="") as handle:
            for row in csv.reader(handle):
                if row:
                    targets.append(float(row[0]))
                    features.append([float(value) for value in row[1:]])
    if not targets:
        raise FileNotFoundError(f"no test rows under {test_dir}")
    return targets, features


def load_xgboost_predictor(model_dir):
    """A function features -> predictions, from the model.tar.gz SageMaker training wrote."""
    import xgboost  # only in the XGBoost image, where this step runs

    model_file = extract_model(os.path.join(model_dir, "model.tar.gz"), model_dir)
    booster = xgboost.Booster()
    booster.load_model(model_file)
    return lambda rows: [float(v) for v in booster.predict(xgboost.DMatrix(rows))]


def extract_model(archive_path, target_dir, member_name="xgboost-model"):
    """Extracts only the model file (a regular file at the archive root), whatever else the archive holds."""
    with tarfile.open(archive_path) as archive:
        member = archive.getmember(member_name)
        if not member.isfile():
            raise ValueError(f"{member_name} in {archive_path} is not a regular file")
        target = os.path.join(target_dir, member_name)
        with archive.extractfile(member) as source, open(target, "wb") as handle:
            shutil.copyfileobj(source, handle)
    return target


def evaluate(test_dir, output_dir, predictor):
    targets, features = read_test_split(test_dir)
    result = report(targets, predictor(features))
    os.makedirs(output_dir, exist_ok=True)
    with open(os.path.join(output_dir, "evaluation.json"), "w") as handle:
        json.dump(result, handle, indent=2, sort_keys=True)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    result = evaluate(args.test, args.output, load_xgboost_predictor(args.model))
    print(f"evaluate: test MSE {result['regression_metrics']['mse']['value']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
