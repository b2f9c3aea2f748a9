"""The build's runner, against a recorded stand-in for the AWS CLI."""
import json
import os
import tempfile
import unittest

from pipelines import run_pipeline
from pipelines.run_pipeline import AwsError
from tests.test_definition import ENVIRONMENT


class FakeAws:
    def __init__(self, pipeline_exists=True, statuses=("Executing", "Succeeded"), steps=()):
        self.calls = []
        self.pipeline_exists = pipeline_exists
        self.statuses = list(statuses)
        self.steps = list(steps)

    def __call__(self, *args):
        self.calls.append(args)
        command = args[:2]
        if command == ("sagemaker", "describe-pipeline") and not self.pipeline_exists:
            raise AwsError(args, "An error occurred (ResourceNotFound) when calling the DescribePipeline operation")
        if command == ("sagemaker", "start-pipeline-execution"):
            return {"PipelineExecutionArn": "arn:execution"}
        if command == ("sagemaker", "describe-pipeline-execution"):
            return {"PipelineExecutionStatus": self.statuses.pop(0)}
        if command == ("sagemaker", "list-pipeline-execution-steps"):
            return {"PipelineExecutionSteps": self.steps}
        return None

    def commands(self):
        return [" ".join(call[:2]) for call in self.calls]


class RunPipelineTest(unittest.TestCase):
    def run_with(self, aws, **environment):
        with tempfile.TemporaryDirectory() as work:
            status = run_pipeline.run(aws, {**ENVIRONMENT, **environment}, work, sleep=lambda seconds: None)
            with open(os.path.join(work, "pipeline-definition.json")) as handle:
                self.definition = json.load(handle)
        return status

    def test_uploads_scripts_and_sample_data_encrypted_then_updates_starts_and_waits(self):
        aws = FakeAws()
        self.assertEqual(self.run_with(aws), "Succeeded")
        self.assertEqual(aws.commands(), [
            "s3 cp", "s3 cp", "s3 cp",
            "sagemaker describe-pipeline", "sagemaker update-pipeline",
            "sagemaker start-pipeline-execution",
            "sagemaker describe-pipeline-execution", "sagemaker describe-pipeline-execution",
        ])
        for copy in aws.calls[:3]:
            self.assertEqual(copy[-4:], ("--sse", "aws:kms", "--sse-kms-key-id", ENVIRONMENT["PROJECT_KMS_KEY_ARN"]))
        self.assertEqual(aws.calls[0][3], "s3://sagemaker-project-p-abc123def456-build-111111111111/code/0123456789abcdef/preprocess.py")
        self.assertEqual(aws.calls[2][3], "s3://sagemaker-project-p-abc123def456-build-111111111111/input/sample.csv")
        self.assertEqual(self.definition["Version"], "2020-12-01")

    def test_creates_the_pipeline_with_the_project_tags_the_first_time(self):
        aws = FakeAws(pipeline_exists=False)
        self.run_with(aws, INPUT_DATA_URL="s3://data-bucket/churn/")
        self.assertEqual(aws.commands()[:4], ["s3 cp", "s3 cp", "sagemaker describe-pipeline", "sagemaker create-pipeline"])
        create = aws.calls[3]
        tags = json.loads(create[create.index("--tags") + 1])
        self.assertEqual(tags, [
            {"Key": "sagemaker:project-name", "Value": "churn"},
            {"Key": "sagemaker:project-id", "Value": "p-abc123def456"},
        ])
        self.assertEqual(create[create.index("--role-arn") + 1], ENVIRONMENT["SAGEMAKER_PIPELINE_ROLE_ARN"])

    def test_fails_the_build_when_the_execution_fails_naming_the_step(self):
        aws = FakeAws(statuses=["Failed"], steps=[
            {"StepName": "Train", "StepStatus": "Failed", "FailureReason": "ClientError: no data"},
            {"StepName": "Preprocess", "StepStatus": "Succeeded"},
        ])
        with self.assertRaisesRegex(RuntimeError, "pipeline execution Failed: Train: ClientError: no data"):
            self.run_with(aws)

    def test_passes_other_cli_errors_on(self):
        def aws(*args):
            raise AwsError(args, "AccessDenied")

        with self.assertRaisesRegex(AwsError, "AccessDenied"):
            run_pipeline.upsert_pipeline(aws, run_pipeline.ProjectSettings.from_environment(ENVIRONMENT), "/tmp/x.json")


if __name__ == "__main__":
    unittest.main()
