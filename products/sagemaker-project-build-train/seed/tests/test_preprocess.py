"""The preprocessing script: target first, header dropped, bad rows skipped, stable splits."""
import csv
import os
import tempfile
import unittest

from pipelines import preprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(os.path.dirname(HERE), "data", "sample.csv")


class PreprocessTest(unittest.TestCase):
    def test_moves_the_target_first_and_skips_non_numeric_rows(self):
        rows, skipped = preprocess.to_numeric(["a", "y", "b"], [["1", "10", "2"], ["x", "1", "2"], ["3", "30"]], "y")
        self.assertEqual(rows, [[10.0, 1.0, 2.0]])
        self.assertEqual(skipped, 2)

    def test_fails_on_an_unknown_target_column(self):
        with self.assertRaisesRegex(ValueError, "target column 'z' not in header"):
            preprocess.to_numeric(["a", "b"], [], "z")

    def test_splits_70_15_15_the_same_way_every_time(self):
        rows = [[float(i)] for i in range(100)]
        first, second = preprocess.split(rows), preprocess.split(rows)
        self.assertEqual(first, second)
        self.assertEqual([len(first[k]) for k in ("train", "validation", "test")], [70, 15, 15])
        self.assertEqual(sorted(sum(first.values(), [])), rows)

    def test_writes_headerless_splits_of_the_sample_data(self):
        with tempfile.TemporaryDirectory() as work:
            input_dir = os.path.join(work, "input")
            os.makedirs(input_dir)
            with open(SAMPLE) as source, open(os.path.join(input_dir, "data.csv"), "w") as target:
                target.write(source.read())
            self.assertEqual(preprocess.main(["--input", input_dir, "--output", os.path.join(work, "out")]), 0)
            with open(os.path.join(work, "out", "train", "train.csv")) as handle:
                train = list(csv.reader(handle))
            with open(SAMPLE) as handle:
                header, first = list(csv.reader(handle))[:2]
            self.assertEqual(len(train), 210)
            self.assertEqual(len(train[0]), len(header))
            for row in train:
                [float(value) for value in row]  # no header, all numeric

    def test_fails_with_too_few_rows(self):
        with tempfile.TemporaryDirectory() as work:
            with open(os.path.join(work, "small.csv"), "w") as handle:
                handle.write("x,y\n1,2\n")
            with self.assertRaisesRegex(ValueError, "only 1 usable rows; at least 20 are needed"):
                preprocess.main(["--input", work, "--output", os.path.join(work, "out")])


if __name__ == "__main__":
    unittest.main()
