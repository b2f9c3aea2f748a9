"""Smoke test of the endpoints just deployed to staging, before anyone approves production.

Runs in the deploy project's SmokeTest build, from the product (the build
project's inline buildspec), never from the project repository: the repository
only supplies data, tests/sample-payload.csv.

For every staging account of the catalog (TARGET_ACCOUNTS), with the endpoint the
deploy step reported there (ENDPOINT_NAMES, `<account>:<endpoint>,...`): assumes
that account's smoke-test role with the project id as a session tag (that role may
describe and invoke only endpoints tagged with the same project id), checks the
endpoint is InService and invokes it with the sample payload: one finite number
back per row, or the pipeline stops here.

Calls go through the AWS SDK for Python (boto3, aws_clients.py), installed by the
buildspec from the environment's package mirror.

Usage: smoke_test.py <source directory>
Environment: TARGET_ACCOUNTS, ENDPOINT_NAMES, TARGET_ROLE_NAME, AWS_PARTITION, SAGEMAKER_PROJECT_ID
"""
import json
import math
import os
import sys

from aws_clients import boto3_clients

PAYLOAD = os.path.join("tests", "sample-payload.csv")
# A smoke test sends a few rows, not a data set.
MAX_PAYLOAD_BYTES = 1024 * 1024
PROJECT_ID_TAG = "sagemaker:project-id"


class SmokeTestError(RuntimeError):
    pass


def endpoints_to_test(environ):
    """Account -> endpoint name, for every staging account of the catalog (each must have been deployed)."""
    accounts = [a.strip() for a in environ.get("TARGET_ACCOUNTS", "").split(",") if a.strip() and a.strip() != "none"]
    if not accounts:
        raise SmokeTestError("the catalog lists no staging account to smoke-test")
    reported = dict(pair.split(":", 1) for pair in environ.get("ENDPOINT_NAMES", "").split(",") if ":" in pair)
    missing = [account for account in accounts if not reported.get(account)]
    if missing:
        raise SmokeTestError(f"no endpoint was deployed to staging account(s) {', '.join(missing)}")
    return {account: reported[account] for account in accounts}


def assumed_credentials(sts, role_arn, project_id):
    return sts.assume_role(
        RoleArn=role_arn,
        RoleSessionName=f"smoke-test-{project_id}"[:64],
        Tags=[{"Key": PROJECT_ID_TAG, "Value": project_id}],
    )["Credentials"]


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


def check_in_service(sagemaker, endpoint_name):
    status = sagemaker.describe_endpoint(EndpointName=endpoint_name)["EndpointStatus"]
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


def invoke(runtime, endpoint_name, payload):
    with open(payload, "rb") as handle:
        body = handle.read()
    rows = [line for line in body.decode("utf-8").splitlines() if line.strip()]
    response = runtime.invoke_endpoint(EndpointName=endpoint_name, ContentType="text/csv", Body=body)
    predictions = parse_predictions(response["Body"].read().decode("utf-8"))
    if len(predictions) != len(rows):
        raise SmokeTestError(f"{len(rows)} rows sent, {len(predictions)} predictions received")
    if not all(math.isfinite(p) for p in predictions):
        raise SmokeTestError(f"non-finite prediction in {predictions}")
    return predictions


def smoke_test(clients, environ, source):
    """`clients(service, credentials=None)` as in aws_clients.py; returns account -> predictions."""
    payload = payload_path(source)
    project_id = environ["SAGEMAKER_PROJECT_ID"]
    endpoints = endpoints_to_test(environ)
    sts, results = clients("sts"), {}
    for account, endpoint in endpoints.items():
        role = f"arn:{environ.get('AWS_PARTITION', 'aws')}:iam::{account}:role/{environ['TARGET_ROLE_NAME']}"
        credentials = assumed_credentials(sts, role, project_id)
        check_in_service(clients("sagemaker", credentials), endpoint)
        results[account] = invoke(clients("sagemaker-runtime", credentials), endpoint, payload)
        print(f"{account} {endpoint}: InService, {len(results[account])} predictions: {results[account]}")
    return results


def main(argv):
    smoke_test(boto3_clients(), os.environ, argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
