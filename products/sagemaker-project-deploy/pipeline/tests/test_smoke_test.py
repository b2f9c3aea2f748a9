"""The smoke test: in every staging account, as its smoke-test role tagged with the project, the endpoint is InService and answers every row."""
import io
import os
import shutil
import tempfile
import unittest

import boto3
from botocore.response import StreamingBody
from botocore.stub import Stubber

import smoke_test
from smoke_test import SmokeTestError

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_PAYLOAD = os.path.join(HERE, "..", "..", "seed", "tests", "sample-payload.csv")
STAGING = "222222222222"
ROLE = f"arn:aws:iam::{STAGING}:role/mlops-catalog-model-smoke-test"
ENVIRON = {
    "TARGET_ACCOUNTS": STAGING,
    "ENDPOINT_NAMES": f"{STAGING}:Endpoint-abc",
    "TARGET_ROLE_NAME": "mlops-catalog-model-smoke-test",
    "AWS_PARTITION": "aws",
    "SAGEMAKER_PROJECT_ID": "p-1",
}


class StubbedClients:
    """Real boto3 clients with botocore's Stubber: each expected call, its parameters and its answer, in order."""

    def __init__(self):
        self.created = []

    def __call__(self, service, credentials=None):
        key = (credentials or {}).get("AccessKeyId", "ASIABUILDROLEKEY0001")
        client = boto3.client(service, region_name="eu-west-1", aws_access_key_id=key, aws_secret_access_key="s", aws_session_token="t")
        stubber = Stubber(client)
        for expected_service, expected_key, operation, response, params in self.expected:
            if (expected_service, expected_key) == (service, key):
                stubber.add_response(operation, response, params)
        self.expected = [e for e in self.expected if (e[0], e[1]) != (service, key)]
        stubber.activate()
        self.created.append((service, key, stubber))
        return client

    def expect(self, calls):
        self.expected = list(calls)
        return self

    def assert_all_called(self):
        for _, _, stubber in self.created:
            stubber.assert_no_pending_responses()


def assume(account, key):
    role = f"arn:aws:iam::{account}:role/mlops-catalog-model-smoke-test"
    credentials = {"AccessKeyId": key, "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-11-30T12:00:00Z"}
    return ("sts", "ASIABUILDROLEKEY0001", "assume_role", {"Credentials": credentials},
            {"RoleArn": role, "RoleSessionName": "smoke-test-p-1", "Tags": [{"Key": "sagemaker:project-id", "Value": "p-1"}]})


def endpoint_calls(key, endpoint, payload, status="InService", body=b"9.1,7.2,11.3"):
    return [
        ("sagemaker", key, "describe_endpoint", {"EndpointName": endpoint, "EndpointArn": f"arn:aws:sagemaker:eu-west-1:{STAGING}:endpoint/{endpoint.lower()}", "EndpointStatus": status, "CreationTime": "2026-11-30T10:00:00Z", "LastModifiedTime": "2026-11-30T10:00:00Z"}, {"EndpointName": endpoint}),
        ("sagemaker-runtime", key, "invoke_endpoint", {"Body": StreamingBody(io.BytesIO(body), len(body))}, {"EndpointName": endpoint, "ContentType": "text/csv", "Body": payload}),
    ]


class SmokeTestTest(unittest.TestCase):
    def source(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work)
        os.makedirs(os.path.join(work, "source", "tests"))
        shutil.copy(SEED_PAYLOAD, os.path.join(work, "source", "tests", "sample-payload.csv"))
        return os.path.join(work, "source")

    def payload(self):
        with open(SEED_PAYLOAD, "rb") as handle:
            return handle.read()

    def run_with(self, calls, source=None, environ=None):
        clients = StubbedClients().expect(calls)
        result = smoke_test.smoke_test(clients, {**ENVIRON, **(environ or {})}, source or self.source())
        clients.assert_all_called()
        return result

    def test_assumes_the_staging_role_tagged_with_the_project_then_checks_and_invokes_as_it(self):
        # The stubs check every parameter (role, session tag, endpoint, payload) and which credentials each client has.
        predictions = self.run_with([assume(STAGING, "ASIASTAGINGSESSION01"), *endpoint_calls("ASIASTAGINGSESSION01", "Endpoint-abc", self.payload())])
        self.assertEqual(predictions, {STAGING: [9.1, 7.2, 11.3]})

    def test_tests_every_staging_account_of_the_catalog_with_its_own_role(self):
        accounts = {"TARGET_ACCOUNTS": f"{STAGING},555555555555", "ENDPOINT_NAMES": f"{STAGING}:Endpoint-abc,555555555555:Endpoint-def"}
        calls = [assume(STAGING, "ASIASTAGINGSESSION01"), assume("555555555555", "ASIAADDEDSESSION0001"), *endpoint_calls("ASIASTAGINGSESSION01", "Endpoint-abc", self.payload()), *endpoint_calls("ASIAADDEDSESSION0001", "Endpoint-def", self.payload())]
        self.assertEqual(list(self.run_with(calls, environ=accounts)), [STAGING, "555555555555"])

    def test_fails_when_a_staging_account_got_no_endpoint(self):
        with self.assertRaisesRegex(SmokeTestError, "no endpoint was deployed to staging account\\(s\\) 555555555555"):
            self.run_with([], environ={"TARGET_ACCOUNTS": f"{STAGING},555555555555"})

    def test_fails_when_the_endpoint_is_not_in_service(self):
        with self.assertRaisesRegex(SmokeTestError, "endpoint Endpoint-abc is Failed, not InService"):
            self.run_with([assume(STAGING, "ASIASTAGINGSESSION01"), *endpoint_calls("ASIASTAGINGSESSION01", "Endpoint-abc", self.payload(), status="Failed")])

    def test_fails_when_a_row_gets_no_prediction(self):
        with self.assertRaisesRegex(SmokeTestError, "3 rows sent, 2 predictions received"):
            self.run_with([assume(STAGING, "ASIASTAGINGSESSION01"), *endpoint_calls("ASIASTAGINGSESSION01", "Endpoint-abc", self.payload(), body=b"1.0\n2.0\n")])

    def test_fails_on_a_non_finite_prediction(self):
        with self.assertRaisesRegex(SmokeTestError, "non-finite prediction"):
            self.run_with([assume(STAGING, "ASIASTAGINGSESSION01"), *endpoint_calls("ASIASTAGINGSESSION01", "Endpoint-abc", self.payload(), body=b"1.0,nan,2.0")])

    def test_refuses_a_payload_that_links_out_of_the_repository(self):
        source = self.source()
        os.remove(os.path.join(source, "tests", "sample-payload.csv"))
        os.symlink("/etc/hostname", os.path.join(source, "tests", "sample-payload.csv"))
        with self.assertRaisesRegex(SmokeTestError, "must be a regular file in the repository, not a symbolic link"):
            self.run_with([], source)

    def test_reads_json_predictions_too(self):
        self.assertEqual(smoke_test.parse_predictions('{"predictions": [{"score": 1.5}, {"score": 2}]}'), [1.5, 2.0])


if __name__ == "__main__":
    unittest.main()
