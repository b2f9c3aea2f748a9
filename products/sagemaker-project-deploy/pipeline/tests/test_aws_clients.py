"""The builds' clients: boto3, as the build's own role or with the credentials of an assumed role."""
import os
import unittest
from unittest import mock

from aws_clients import boto3_clients

ASSUMED = {"AccessKeyId": "ASIAASSUMEDSESSION01", "SecretAccessKey": "assumed-secret", "SessionToken": "assumed-token"}
BUILD_ROLE = {"AWS_ACCESS_KEY_ID": "ASIABUILDROLEKEY0001", "AWS_SECRET_ACCESS_KEY": "build-secret", "AWS_SESSION_TOKEN": "build-token", "AWS_DEFAULT_REGION": "eu-west-1"}


class Sent(Exception):
    """Raised in place of sending: the signed request, as it would have left."""

    def __init__(self, request):
        super().__init__("not sent")
        self.request = request


def signed_request(client, call):
    """The request `call(client)` signs, stopped before it reaches the network."""

    def stop(request, **_):
        raise Sent(request)

    client.meta.events.register("before-send", stop)
    try:
        call(client)
    except Sent as sent:
        return sent.request
    raise AssertionError("nothing was sent")


class Boto3ClientsTest(unittest.TestCase):
    def test_signs_with_the_builds_own_credentials_or_with_the_assumed_roles(self):
        with mock.patch.dict(os.environ, BUILD_ROLE):
            clients = boto3_clients()
            own = signed_request(clients("sagemaker"), lambda c: c.describe_endpoint(EndpointName="e"))
            assumed = signed_request(clients("cloudformation", ASSUMED), lambda c: c.describe_stacks(StackName="s"))
        self.assertIn("Credential=ASIABUILDROLEKEY0001/", own.headers["Authorization"].decode())
        self.assertEqual(own.headers["X-Amz-Security-Token"].decode(), "build-token")
        self.assertIn("Credential=ASIAASSUMEDSESSION01/", assumed.headers["Authorization"].decode())
        self.assertEqual(assumed.headers["X-Amz-Security-Token"].decode(), "assumed-token")
        self.assertTrue(assumed.url.startswith("https://cloudformation.eu-west-1.amazonaws.com"))


if __name__ == "__main__":
    unittest.main()
