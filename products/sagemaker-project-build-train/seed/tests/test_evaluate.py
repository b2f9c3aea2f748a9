"""The evaluation script: the report the quality gate and Model Registry read."""
import io
import json
import os
import tarfile
import tempfile
import unittest

from pipelines import evaluate


class EvaluateTest(unittest.TestCase):
    def test_mean_squared_error(self):
        self.assertEqual(evaluate.mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.0, 5.0]), 4.0 / 3.0)

    def test_fails_on_mismatched_lengths(self):
        with self.assertRaisesRegex(ValueError, "need the same, non-zero number of values"):
            evaluate.mean_squared_error([1.0], [])

    def test_writes_the_regression_report_the_quality_gate_reads(self):
        with tempfile.TemporaryDirectory() as work:
            test_dir = os.path.join(work, "test")
            os.makedirs(test_dir)
            with open(os.path.join(test_dir, "test.csv"), "w") as handle:
                handle.write("3,1,1\n5,2,2\n")
            # A stand-in predictor: the real one needs XGBoost, present only in the job's image.
            result = evaluate.evaluate(test_dir, os.path.join(work, "out"), lambda rows: [r[0] + 2 for r in rows])
            with open(os.path.join(work, "out", "evaluation.json")) as handle:
                written = json.load(handle)
        self.assertEqual(written, result)
        self.assertEqual(result["regression_metrics"]["mse"]["value"], 0.5)
        self.assertEqual(result["regression_metrics"]["mse"]["standard_deviation"], 0.5)

    def test_extracts_only_the_model_file(self):
        with tempfile.TemporaryDirectory() as work:
            archive = os.path.join(work, "model.tar.gz")
            with tarfile.open(archive, "w:gz") as tar:
                for name, data in (("xgboost-model", b"model"), ("../escape", b"x")):
                    info = tarfile.TarInfo(name)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            target = evaluate.extract_model(archive, work)
            with open(target, "rb") as handle:
                self.assertEqual(handle.read(), b"model")
            self.assertFalse(os.path.exists(os.path.join(os.path.dirname(work), "escape")))


if __name__ == "__main__":
    unittest.main()
