"""Smoke test of the endpoint just deployed to staging, before anyone approves production.

Runs in the deploy project's SmokeTest build, from the product (the build
project's inline buildspec), never from the project repository: the repository
only supplies data, tests/sample-payload.csv.

Assumes the staging account's smoke-test role with the project id as a session
tag (that role may describe and invoke only endpoints tagged with the same
project id), checks the endpoint is InService and invokes it with the sample
payload: one finite number back per row, or the pipeline stops here.

Usage: smoke_test.py <source directory>
"""
import json
import math
import os
import sys
import tempfile

from aws_cli import AwsCli

PAYLOAD = os.path.join("tests", "sample-payload.csv")
# A smoke test sends a few rows, not a data set.
MAX_PAYLOAD_BYTES = 1024 * 1024
PROJECT_ID_TAG = "sagemaker:project-id"


class SmokeTestError(RuntimeError):
    pass


def assumed_role_environment(aws, role_arn, project_id, base_environ):
    credentials = aws(
        "sts", "assume-role",
        "--role-arn", role_arn,
        "--role-session-name", f"smoke-test-{project_id}"[:64],
        "--tags", f"Key={PROJECT_ID_TAG},Value={project_id}",
    )["Credentials"]
    return {
        **base_environ,
        "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
        "AWS_SESSION_TOKEN": credentials["SessionToken"],
    }


def payload_path(source):
    path = os.path.join(source, PAYLOAD)
    for part in (os.path.join(source, "tests"), path):
        if os.path.islink(part):
            raise SmokeTestError(f"{PAYLOAD} must be a regular file in the repository, not a symbolic link")
    if not os.path.isfile(path):
        raise SmokeTestError(f"{PAYLOAD} is missing: the smoke test sends its rows to the endpoint")
    if os.path.getsize(path) > MAX_PAYLOAD_BYTES:
        raise SmokeTestError(f"{PAYLOAD} is larger than {MAX_PAYLOAD_BYTES} bytes")
    return path


def check_in_service(aws, endpoint_name):
    status = aws("sagemaker", "describe-endpoint", "--endpoint-name", endpoint_name)["EndpointStatus"]
    if status != "InService":
        raise SmokeTestError(f"endpoint {endpoint_name} is {status}, not InService")


def parse_predictions(body):
    """Predictions from a text/csv or JSON response body."""
    text = body.strip()
    if text.startswith("[") or text.startswith("{"):
        data = json.loads(text)
        values = data.get("predictions", data) if isinstance(data, dict) else data
        return [float(v["score"] if isinstance(v, dict) else v) for v in values]
    return [float(v) for v in text.replace("\n", ",").split(",") if v.strip()]


def invoke(aws, endpoint_name, payload, workdir):
    with open(payload) as handle:
        rows = [line for line in handle.read().splitlines() if line.strip()]
    output = os.path.join(workdir, "response.out")
    aws(
        "sagemaker-runtime", "invoke-endpoint",
        "--endpoint-name", endpoint_name,
        "--content-type", "text/csv",
        "--body", f"fileb://{payload}",
        output,
    )
    with open(output) as handle:
        predictions = parse_predictions(handle.read())
    if len(predictions) != len(rows):
        raise SmokeTestError(f"{len(rows)} rows sent, {len(predictions)} predictions received")
    if not all(math.isfinite(p) for p in predictions):
        raise SmokeTestError(f"non-finite prediction in {predictions}")
    return predictions


def smoke_test(aws_factory, environ, source, workdir):
    endpoint = environ["ENDPOINT_NAME"]
    payload = payload_path(source)
    target = aws_factory(assumed_role_environment(aws_factory(None), environ["TARGET_ROLE_ARN"], environ["SAGEMAKER_PROJECT_ID"], dict(environ)))
    check_in_service(target, endpoint)
    predictions = invoke(target, endpoint, payload, workdir)
    print(f"{endpoint}: InService, {len(predictions)} predictions: {predictions}")
    return predictions


def main(argv):
    with tempfile.TemporaryDirectory() as workdir:
        smoke_test(lambda env: AwsCli(env), os.environ, argv[1], workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
