"""Smoke test of the endpoint just deployed to staging, before anyone approves production.

Assumes the staging account's deployment role (the only role there that trusts this
project), checks the endpoint is InService and invokes it with tests/sample-payload.csv:
one finite number back per row, or the pipeline stops here.
"""
import json
import math
import os
import sys
import tempfile

from deploy.aws_cli import AwsCli

HERE = os.path.dirname(os.path.abspath(__file__))
PAYLOAD = os.path.join(os.path.dirname(HERE), "tests", "sample-payload.csv")


class SmokeTestError(RuntimeError):
    pass


def assumed_role_environment(aws, role_arn, session_name, base_environ):
    credentials = aws("sts", "assume-role", "--role-arn", role_arn, "--role-session-name", session_name[:64])["Credentials"]
    return {
        **base_environ,
        "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
        "AWS_SESSION_TOKEN": credentials["SessionToken"],
    }


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


def invoke(aws, endpoint_name, payload_path, workdir):
    with open(payload_path) as handle:
        rows = [line for line in handle.read().splitlines() if line.strip()]
    output = os.path.join(workdir, "response.out")
    aws(
        "sagemaker-runtime", "invoke-endpoint",
        "--endpoint-name", endpoint_name,
        "--content-type", "text/csv",
        "--body", f"fileb://{payload_path}",
        output,
    )
    with open(output) as handle:
        predictions = parse_predictions(handle.read())
    if len(predictions) != len(rows):
        raise SmokeTestError(f"{len(rows)} rows sent, {len(predictions)} predictions received")
    if not all(math.isfinite(p) for p in predictions):
        raise SmokeTestError(f"non-finite prediction in {predictions}")
    return predictions


def smoke_test(aws_factory, environ, workdir):
    endpoint = environ["ENDPOINT_NAME"]
    session = f"smoke-test-{environ.get('SAGEMAKER_PROJECT_ID', 'project')}"
    target = aws_factory(assumed_role_environment(aws_factory(None), environ["TARGET_ROLE_ARN"], session, dict(environ)))
    check_in_service(target, endpoint)
    predictions = invoke(target, endpoint, PAYLOAD, workdir)
    print(f"{endpoint}: InService, {len(predictions)} predictions: {predictions}")
    return predictions


def main():
    with tempfile.TemporaryDirectory() as workdir:
        smoke_test(lambda env: AwsCli(env), os.environ, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
