"""What the build runs on every push to main: upload the step scripts, create or update
the SageMaker pipeline with the definition the SDK writes (pipelines/definition.py),
start it and wait for the result.

The calls go through the AWS CLI of the build image, a thin stand-in the tests replace
with a recorder; the definition file it submits is the SDK's own JSON. The pipeline
carries the SageMaker project tags, so Studio lists it under the project. The sample data in data/ is uploaded as the input when INPUT_DATA_URL is not
set, so a new project trains end to end on its first push.
"""
import json
import os
import subprocess
import sys
import time

from pipelines.definition import ProjectSettings, pipeline_definition

SCRIPTS = ("preprocess.py", "evaluate.py")
TERMINAL = {"Succeeded", "Failed", "Stopped"}
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE_DATA = os.path.join(os.path.dirname(HERE), "data", "sample.csv")


class AwsCli:
    """Runs `aws ...` and returns the parsed JSON output (None when there is none)."""

    def __call__(self, *args):
        completed = subprocess.run(["aws", *args, "--output", "json"], capture_output=True, text=True)
        if completed.returncode != 0:
            raise AwsError(args, completed.stderr.strip())
        return json.loads(completed.stdout) if completed.stdout.strip() else None


class AwsError(RuntimeError):
    def __init__(self, args, stderr):
        super().__init__(f"aws {' '.join(args[:2])} failed: {stderr}")
        self.stderr = stderr


def encrypted_copy(settings, source, destination):
    return ("s3", "cp", source, destination, "--sse", "aws:kms", "--sse-kms-key-id", settings.kms_key_arn)


def upload_scripts(aws, settings):
    for script in SCRIPTS:
        aws(*encrypted_copy(settings, os.path.join(HERE, script), f"s3://{settings.artifact_bucket}/{settings.code_prefix}/{script}"))


def upload_sample_data(aws, settings, environ):
    if environ.get("INPUT_DATA_URL"):
        return
    aws(*encrypted_copy(settings, SAMPLE_DATA, f"{settings.input_data_url}sample.csv"))


def project_tags(settings):
    return [
        {"Key": "sagemaker:project-name", "Value": settings.project_name},
        {"Key": "sagemaker:project-id", "Value": settings.project_id},
    ]


def upsert_pipeline(aws, settings, definition_file):
    """Updates the pipeline when it exists, creates it (tagged) otherwise."""
    common = (
        "--pipeline-name", settings.pipeline_name,
        "--pipeline-definition", f"file://{definition_file}",
        "--role-arn", settings.role_arn,
    )
    try:
        aws("sagemaker", "describe-pipeline", "--pipeline-name", settings.pipeline_name)
    except AwsError as error:
        if "ResourceNotFound" not in error.stderr and "does not exist" not in error.stderr:
            raise
        aws("sagemaker", "create-pipeline", *common, "--tags", json.dumps(project_tags(settings)))
        return "created"
    aws("sagemaker", "update-pipeline", *common)
    return "updated"


def start(aws, settings, commit):
    response = aws(
        "sagemaker", "start-pipeline-execution",
        "--pipeline-name", settings.pipeline_name,
        "--pipeline-execution-display-name", f"commit-{commit[:12]}",
        "--pipeline-execution-description", f"Started by the project build for commit {commit}",
    )
    return response["PipelineExecutionArn"]


def wait(aws, execution_arn, poll_seconds=30, timeout_seconds=3 * 3600, sleep=time.sleep):
    """Polls until the execution ends; returns its status, raises when it did not succeed."""
    waited = 0
    while True:
        status = aws("sagemaker", "describe-pipeline-execution", "--pipeline-execution-arn", execution_arn)["PipelineExecutionStatus"]
        if status in TERMINAL:
            break
        if waited >= timeout_seconds:
            raise TimeoutError(f"{execution_arn} still {status} after {timeout_seconds} s")
        sleep(poll_seconds)
        waited += poll_seconds
    if status != "Succeeded":
        steps = aws("sagemaker", "list-pipeline-execution-steps", "--pipeline-execution-arn", execution_arn)
        failed = [
            f"{s['StepName']}: {s.get('FailureReason', s['StepStatus'])}"
            for s in steps.get("PipelineExecutionSteps", [])
            if s.get("StepStatus") not in ("Succeeded", "Executing")
        ]
        raise RuntimeError(f"pipeline execution {status}: " + "; ".join(failed))
    return status


def run(aws, environ, workdir, sleep=time.sleep):
    commit = environ.get("CODEBUILD_RESOLVED_SOURCE_VERSION", "local")
    settings = ProjectSettings.from_environment(environ)
    upload_scripts(aws, settings)
    upload_sample_data(aws, settings, environ)
    definition_file = os.path.join(workdir, "pipeline-definition.json")
    with open(definition_file, "w") as handle:
        json.dump(pipeline_definition(settings), handle, indent=2, sort_keys=True)
    action = upsert_pipeline(aws, settings, definition_file)
    execution = start(aws, settings, commit)
    print(f"pipeline {settings.pipeline_name} {action}; execution {execution}")
    return wait(aws, execution, sleep=sleep)


def main():
    status = run(AwsCli(), os.environ, os.getcwd())
    print(f"pipeline execution {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
