"""The smoke test: as the staging smoke-test role, tagged with the project, the endpoint is InService and answers every row."""
import os
import shutil
import tempfile
import unittest

import smoke_test
from smoke_test import SmokeTestError

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_PAYLOAD = os.path.join(HERE, "..", "..", "seed", "tests", "sample-payload.csv")
ROLE = "arn:aws:iam::222222222222:role/mlops-catalog-model-smoke-test"


class FakeAws:
    def __init__(self, env, log, status="InService", body="9.1,7.2,11.3"):
        self.env, self.log, self.status, self.body = env, log, status, body

    def __call__(self, *args):
        self.log.append((self.env and self.env.get("AWS_ACCESS_KEY_ID"), args))
        if args[:2] == ("sts", "assume-role"):
            return {"Credentials": {"AccessKeyId": "ASIA-STAGING", "SecretAccessKey": "s", "SessionToken": "t"}}
        if args[:2] == ("sagemaker", "describe-endpoint"):
            return {"EndpointStatus": self.status}
        if args[:2] == ("sagemaker-runtime", "invoke-endpoint"):
            with open(args[-1], "w") as handle:
                handle.write(self.body)
            return {"ContentType": "text/csv"}
        raise AssertionError(args)


class SmokeTestTest(unittest.TestCase):
    def source(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work)
        os.makedirs(os.path.join(work, "source", "tests"))
        shutil.copy(SEED_PAYLOAD, os.path.join(work, "source", "tests", "sample-payload.csv"))
        return os.path.join(work, "source")

    def run_with(self, source=None, **fake):
        log = []
        environ = {"ENDPOINT_NAME": "Endpoint-abc", "TARGET_ROLE_ARN": ROLE, "SAGEMAKER_PROJECT_ID": "p-1"}
        with tempfile.TemporaryDirectory() as work:
            result = smoke_test.smoke_test(lambda env: FakeAws(env, log, **fake), environ, source or self.source(), work)
        return result, log

    def test_assumes_the_staging_role_tagged_with_the_project_then_checks_and_invokes_as_it(self):
        predictions, log = self.run_with()
        self.assertEqual(predictions, [9.1, 7.2, 11.3])
        self.assertEqual([(key, args[:2]) for key, args in log], [
            (None, ("sts", "assume-role")),
            ("ASIA-STAGING", ("sagemaker", "describe-endpoint")),
            ("ASIA-STAGING", ("sagemaker-runtime", "invoke-endpoint")),
        ])
        assume = log[0][1]
        self.assertEqual(assume[assume.index("--role-arn") + 1], ROLE)
        self.assertEqual(assume[assume.index("--tags") + 1], "Key=sagemaker:project-id,Value=p-1")

    def test_fails_when_the_endpoint_is_not_in_service(self):
        with self.assertRaisesRegex(SmokeTestError, "endpoint Endpoint-abc is Failed, not InService"):
            self.run_with(status="Failed")

    def test_fails_when_a_row_gets_no_prediction(self):
        with self.assertRaisesRegex(SmokeTestError, "3 rows sent, 2 predictions received"):
            self.run_with(body="1.0\n2.0\n")

    def test_fails_on_a_non_finite_prediction(self):
        with self.assertRaisesRegex(SmokeTestError, "non-finite prediction"):
            self.run_with(body="1.0,nan,2.0")

    def test_refuses_a_payload_that_links_out_of_the_repository(self):
        source = self.source()
        os.remove(os.path.join(source, "tests", "sample-payload.csv"))
        os.symlink("/etc/hostname", os.path.join(source, "tests", "sample-payload.csv"))
        with self.assertRaisesRegex(SmokeTestError, "must be a regular file in the repository, not a symbolic link"):
            self.run_with(source)

    def test_reads_json_predictions_too(self):
        self.assertEqual(smoke_test.parse_predictions('{"predictions": [{"score": 1.5}, {"score": 2}]}'), [1.5, 2.0])


if __name__ == "__main__":
    unittest.main()
