"""Real boto3 clients that never reach AWS: each call's parameters are validated against botocore's
service model (as the SDK does before sending anything), then the test's `answer` replies instead of
the network, through the same `before-call` hook botocore's Stubber uses. A state machine answers
better than Stubber's fixed queue for the deploy step's polling."""
import boto3
from botocore.awsrequest import AWSResponse

REGION = "eu-west-1"
BUILD_CREDENTIALS = {"AccessKeyId": "ASIA-BUILD", "SecretAccessKey": "s", "SessionToken": "t"}


def client(service, answer, credentials=None):
    """`answer(operation, params, access_key_id)` returns the response dict, or (code, message) for a service error."""
    credentials = credentials or BUILD_CREDENTIALS
    made = boto3.client(
        service,
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    calls = []

    def keep(params, **_):
        calls.append(dict(params))

    def reply(model, **_):
        result = answer(model.name, calls.pop(), credentials["AccessKeyId"])
        if isinstance(result, tuple):
            return AWSResponse(None, 400, {}, None), {"Error": {"Code": result[0], "Message": result[1]}}
        return AWSResponse(None, 200, {}, None), result

    # before-parameter-build sees the caller's parameters; validation follows; before-call then answers.
    made.meta.events.register(f"before-parameter-build.{made.meta.service_model.endpoint_prefix}", keep)
    made.meta.events.register("before-call", reply)
    return made
