"""What the build runs on every push to main: upload the step scripts, create or update
the SageMaker pipeline defined in pipelines/definition.py, start it and wait for the result.

Written with the SageMaker Python SDK, as SageMaker's own project templates are:
- `Pipeline.upsert` creates the pipeline with the project tags (so Studio lists it under
  the project) or, when it already exists, updates it and adds the tags again; the
  definition it submits is `get_pipeline(...).definition()`, the JSON the tests check.
- `Pipeline.start` starts an execution named after the commit; the build polls the
  execution (`describe()`) until it ends and fails, naming the failed steps, unless it
  succeeded.
- The step scripts, and the sample data in data/ when INPUT_DATA_URL is not set (so a new
  project trains end to end on its first push), are uploaded with the session's S3 client,
  encrypted with the project key.
"""
import os
import sys
import time

from pipelines.definition import SCRIPTS, ProjectSettings, get_pipeline, pipeline_session

TERMINAL = {"Succeeded", "Failed", "Stopped"}
POLL_SECONDS = 30
# Below the build project's timeout (4 hours), so the build says why it stopped.
TIMEOUT_SECONDS = 3 * 3600
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE_DATA = os.path.join(os.path.dirname(HERE), "data", "sample.csv")


def encrypted(settings):
    """Every object the build writes is encrypted with the project key (S3 PutObject's SSE-KMS headers)."""
    return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": settings.kms_key_arn}


def bucket_and_key(url):
    bucket, _, key = url[len("s3://"):].partition("/")
    return bucket, key


def upload_scripts(s3, settings):
    for script in SCRIPTS:
        bucket, key = bucket_and_key(settings.code_uri(script))
        s3.upload_file(os.path.join(HERE, script), bucket, key, ExtraArgs=encrypted(settings))


def upload_sample_data(s3, settings, environ):
    """The sample as the pipeline's default input, unless the project reads its own data (INPUT_DATA_URL)."""
    if environ.get("INPUT_DATA_URL"):
        return
    bucket, prefix = bucket_and_key(settings.input_data_url)
    s3.upload_file(SAMPLE_DATA, bucket, f"{prefix}sample.csv", ExtraArgs=encrypted(settings))


def project_tags(settings):
    return [
        {"Key": "sagemaker:project-name", "Value": settings.project_name},
        {"Key": "sagemaker:project-id", "Value": settings.project_id},
    ]


def upsert(pipeline, settings):
    """Creates the pipeline (tagged) or updates it; returns its ARN."""
    response = pipeline.upsert(
        role_arn=settings.role_arn,
        description=f"Model build of SageMaker project {settings.project_name} ({settings.project_id}): preprocess, train, evaluate, register",
        tags=project_tags(settings),
    )
    return response["PipelineArn"]


def start(pipeline, commit):
    return pipeline.start(
        execution_display_name=f"commit-{commit[:12]}",
        execution_description=f"Started by the project build for commit {commit}",
    )


def wait(execution, poll_seconds=POLL_SECONDS, timeout_seconds=TIMEOUT_SECONDS, sleep=time.sleep):
    """Polls until the execution ends; returns its status, raises when it did not succeed."""
    waited = 0
    while True:
        status = execution.describe()["PipelineExecutionStatus"]
        if status in TERMINAL:
            break
        if waited >= timeout_seconds:
            raise TimeoutError(f"{execution.arn} still {status} after {timeout_seconds} s")
        sleep(poll_seconds)
        waited += poll_seconds
    if status != "Succeeded":
        failed = [
            f"{s['StepName']}: {s.get('FailureReason', s['StepStatus'])}"
            for s in execution.list_steps()
            if s.get("StepStatus") not in ("Succeeded", "Executing")
        ]
        raise RuntimeError(f"pipeline execution {status}: " + "; ".join(failed))
    return status


def run(environ, session=None, sleep=time.sleep):
    """Uploads, upserts, starts and waits; `session` is the SDK session to call AWS with (a PipelineSession)."""
    commit = environ.get("CODEBUILD_RESOLVED_SOURCE_VERSION", "local")
    settings = ProjectSettings.from_environment(environ)
    session = session or pipeline_session(settings)
    upload_scripts(session.s3_client, settings)
    upload_sample_data(session.s3_client, settings, environ)
    pipeline = get_pipeline(settings, session)
    arn = upsert(pipeline, settings)
    execution = start(pipeline, commit)
    print(f"pipeline {arn}; execution {execution.arn}")
    return wait(execution, sleep=sleep)


def main():
    status = run(os.environ)
    print(f"pipeline execution {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
