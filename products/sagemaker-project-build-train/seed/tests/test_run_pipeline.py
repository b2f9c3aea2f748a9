"""The build's runner on the real SageMaker Python SDK: `Pipeline.upsert` and `Pipeline.start` run their
own code, down to the SageMaker and S3 clients of the session, which botocore's Stubber answers offline
after checking every request's parameters (and the service model)."""
import json
import unittest
from unittest import mock

import boto3
from botocore.stub import ANY, Stubber

from pipelines import run_pipeline
from pipelines.definition import ProjectSettings, pipeline_definition, pipeline_session
from tests.test_definition import ENVIRONMENT

SETTINGS = ProjectSettings.from_environment(ENVIRONMENT)
BUCKET = ENVIRONMENT["ARTIFACT_BUCKET"]
KEY = ENVIRONMENT["PROJECT_KMS_KEY_ARN"]
NAME = ENVIRONMENT["SAGEMAKER_PIPELINE_NAME"]
PIPELINE_ARN = f"arn:aws:sagemaker:eu-west-1:111111111111:pipeline/{NAME}"
EXECUTION_ARN = f"{PIPELINE_ARN}/execution/abc123"
TAGS = [{"Key": "sagemaker:project-name", "Value": "churn"}, {"Key": "sagemaker:project-id", "Value": "p-abc123def456"}]
DESCRIPTION = "Model build of SageMaker project churn (p-abc123def456): preprocess, train, evaluate, register"
ENCRYPTED = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": KEY}


class JsonOf:
    """Equal to a JSON string that parses to `document` (Stubber compares expected == sent)."""

    def __init__(self, document):
        self.document = document

    def __eq__(self, other):
        return isinstance(other, str) and json.loads(other) == self.document

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "<the JSON of the pipeline definition>"


class UnexpectedRequest(AssertionError):
    pass


class OfflineSession:
    """The PipelineSession the build makes (definition.pipeline_session), its SageMaker and S3 clients
    stubbed; any other AWS request (one nothing stubs) is refused before it is sent, and recorded."""

    def __init__(self):
        self.unexpected = []
        boto_session = boto3.Session(aws_access_key_id="ASIABUILDROLEKEY0001", aws_secret_access_key="s", aws_session_token="t", region_name=SETTINGS.region)
        # Every client of the session inherits this handler: a request it reaches was about to leave.
        boto_session.events.register("before-send", self.refuse)
        self.session = pipeline_session(SETTINGS, boto_session)
        self.sagemaker = Stubber(self.session.sagemaker_client)
        self.s3 = Stubber(self.session.s3_client)

    def refuse(self, request, **_):
        self.unexpected.append(request.url)
        raise UnexpectedRequest(f"unstubbed request to {request.url}")

    def expect_uploads(self, keys):
        for key in keys:
            self.s3.add_response("put_object", {"ETag": '"e"'}, {"Bucket": BUCKET, "Key": key, "Body": ANY, "ChecksumAlgorithm": ANY, **ENCRYPTED})

    def expect_start(self, statuses=("Executing", "Succeeded"), steps=()):
        self.sagemaker.add_response(
            "start_pipeline_execution",
            {"PipelineExecutionArn": EXECUTION_ARN},
            {"PipelineName": NAME, "PipelineExecutionDisplayName": "commit-0123456789ab", "PipelineExecutionDescription": "Started by the project build for commit 0123456789abcdef"},
        )
        for status in statuses:
            self.sagemaker.add_response("describe_pipeline_execution", {"PipelineExecutionArn": EXECUTION_ARN, "PipelineExecutionStatus": status}, {"PipelineExecutionArn": EXECUTION_ARN})
        if steps:
            self.sagemaker.add_response("list_pipeline_execution_steps", {"PipelineExecutionSteps": list(steps)}, {"PipelineExecutionArn": EXECUTION_ARN})

    def run(self, environ=None, sleep=None):
        with self.sagemaker, self.s3:
            return run_pipeline.run({**ENVIRONMENT, **(environ or {})}, self.session, sleep=sleep or (lambda seconds: None))

    def assert_all_called(self):
        self.sagemaker.assert_no_pending_responses()
        self.s3.assert_no_pending_responses()
        if self.unexpected:
            raise UnexpectedRequest(f"requests nothing stubbed: {self.unexpected}")


def submitted(create=True, environ=None):
    """CreatePipeline's (or UpdatePipeline's) parameters: the definition's JSON, the environment's pipeline role."""
    settings = ProjectSettings.from_environment({**ENVIRONMENT, **(environ or {})})
    params = {"PipelineName": NAME, "PipelineDefinition": JsonOf(pipeline_definition(settings)), "RoleArn": settings.role_arn, "PipelineDescription": DESCRIPTION}
    return {**params, "Tags": TAGS} if create else params


SCRIPT_KEYS = ["code/0123456789abcdef/preprocess.py", "code/0123456789abcdef/evaluate.py"]


class RunPipelineTest(unittest.TestCase):
    def setUp(self):
        # The SDK's usage telemetry (Pipeline.create and start send a request to an AWS bucket, which the
        # environment's S3 endpoint refuses in the build) is not the subject here and is not sent from tests.
        telemetry = mock.patch("sagemaker.telemetry.telemetry_logging._send_telemetry_request")
        telemetry.start()
        self.addCleanup(telemetry.stop)

    def test_creates_the_pipeline_with_the_project_tags_the_first_time(self):
        aws = OfflineSession()
        aws.expect_uploads(SCRIPT_KEYS + ["input/sample.csv"])
        aws.sagemaker.add_response("create_pipeline", {"PipelineArn": PIPELINE_ARN}, submitted(create=True))
        aws.expect_start()
        self.assertEqual(aws.run(), "Succeeded")
        aws.assert_all_called()

    def test_updates_an_existing_pipeline_and_tags_it_with_the_project_keeping_its_other_tags(self):
        aws = OfflineSession()
        aws.expect_uploads(SCRIPT_KEYS + ["input/sample.csv"])
        aws.sagemaker.add_client_error(
            "create_pipeline", service_error_code="ValidationException", service_message=f"Pipeline names must be unique within an AWS account and region. Pipeline with name ({NAME}) already exists.", expected_params=submitted(create=True)
        )
        aws.sagemaker.add_response("update_pipeline", {"PipelineArn": PIPELINE_ARN}, submitted(create=False))
        aws.sagemaker.add_response("list_tags", {"Tags": [{"Key": "team", "Value": "a"}]}, {"ResourceArn": PIPELINE_ARN})
        aws.sagemaker.add_response("add_tags", {"Tags": []}, {"ResourceArn": PIPELINE_ARN, "Tags": TAGS + [{"Key": "team", "Value": "a"}]})
        aws.expect_start()
        self.assertEqual(aws.run(), "Succeeded")
        aws.assert_all_called()

    def test_reads_the_projects_own_data_when_input_data_url_is_set_uploading_no_sample(self):
        aws = OfflineSession()
        own_data = {"INPUT_DATA_URL": "s3://data-bucket/churn/"}
        aws.expect_uploads(SCRIPT_KEYS)
        # The pipeline's InputDataUrl parameter defaults to the project's data.
        aws.sagemaker.add_response("create_pipeline", {"PipelineArn": PIPELINE_ARN}, submitted(create=True, environ=own_data))
        aws.expect_start()
        self.assertEqual(aws.run(own_data), "Succeeded")
        aws.assert_all_called()

    def test_the_definition_submitted_is_the_one_the_definition_tests_check(self):
        # JsonOf compares parsed JSON: a definition that differs in one value is refused by the stub.
        definition = pipeline_definition(SETTINGS)
        self.assertEqual(JsonOf(definition), json.dumps(definition))
        changed = json.loads(json.dumps(definition))
        changed["Parameters"][0]["DefaultValue"] = "s3://elsewhere/"
        self.assertNotEqual(JsonOf(definition), json.dumps(changed))

    def test_fails_the_build_when_the_execution_fails_naming_the_failed_steps(self):
        aws = OfflineSession()
        aws.expect_uploads(SCRIPT_KEYS + ["input/sample.csv"])
        aws.sagemaker.add_response("create_pipeline", {"PipelineArn": PIPELINE_ARN}, submitted(create=True))
        aws.expect_start(statuses=["Executing", "Failed"], steps=[
            {"StepName": "Evaluate", "StepStatus": "Failed", "FailureReason": "ClientError: no model"},
            {"StepName": "Train", "StepStatus": "Succeeded"},
            {"StepName": "Preprocess", "StepStatus": "Succeeded"},
        ])
        with self.assertRaisesRegex(RuntimeError, "^pipeline execution Failed: Evaluate: ClientError: no model$"):
            aws.run()
        aws.assert_all_called()

    def test_gives_up_after_the_timeout_saying_where_the_execution_is(self):
        aws = OfflineSession()
        polls = run_pipeline.TIMEOUT_SECONDS // run_pipeline.POLL_SECONDS + 1
        aws.expect_uploads(SCRIPT_KEYS + ["input/sample.csv"])
        aws.sagemaker.add_response("create_pipeline", {"PipelineArn": PIPELINE_ARN}, submitted(create=True))
        aws.expect_start(statuses=["Executing"] * polls)
        slept = []
        with self.assertRaisesRegex(TimeoutError, f"{EXECUTION_ARN} still Executing after 10800 s"):
            aws.run(sleep=slept.append)
        aws.assert_all_called()
        self.assertEqual(sum(slept), run_pipeline.TIMEOUT_SECONDS)

    def test_passes_other_service_errors_on_without_starting(self):
        aws = OfflineSession()
        aws.expect_uploads(SCRIPT_KEYS + ["input/sample.csv"])
        aws.sagemaker.add_client_error("create_pipeline", service_error_code="AccessDeniedException", service_message="not authorized", expected_params=submitted(create=True))
        with self.assertRaisesRegex(Exception, "AccessDeniedException"):
            aws.run()
        aws.assert_all_called()


if __name__ == "__main__":
    unittest.main()
