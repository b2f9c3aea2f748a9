"""The stage parameters: the approved version, one configuration per stage, only the settings a stage may set."""
import json
import os
import shutil
import tempfile
import unittest

import boto3
from botocore.exceptions import ClientError
from botocore.stub import Stubber

import stage_parameters
from stage_parameters import BuildError

HERE = os.path.dirname(os.path.abspath(__file__))
# The starter configuration the product seeds every repository with.
SEED_CONFIG = os.path.join(HERE, "..", "..", "seed", "config")
# What the product lets a stage set (the endpoint template's parameters minus model source and SSM values).
SETTABLE = [
    "InstanceType", "InstanceCount", "DataCapture", "DataCaptureSamplingPercentage",
    "AutoScaling", "MaxInstanceCount", "TargetInvocationsPerInstance",
]
GROUP = "churn-p-abc123def456"
PACKAGE = f"arn:aws:sagemaker:eu-west-1:111111111111:model-package/{GROUP}/3"
# The one request the build makes: the group's Approved versions, newest first, only the newest.
NEWEST_APPROVED = {
    "ModelPackageGroupName": GROUP,
    "ModelApprovalStatus": "Approved",
    "SortBy": "CreationTime",
    "SortOrder": "Descending",
    "MaxResults": 1,
}


class ModelRegistry:
    """`clients` for the build: a real boto3 SageMaker client (as the build's own role) answered offline by
    botocore's Stubber, which checks the request against the service model and against NEWEST_APPROVED."""

    def __init__(self, *arns, error=None):
        self.arns, self.error, self.stubbers = arns, error, []

    def __call__(self, service, credentials=None):
        if (service, credentials) != ("sagemaker", None):
            raise AssertionError(f"the build asked for {service} with credentials {credentials}")
        client = boto3.client("sagemaker", region_name="eu-west-1", aws_access_key_id="ASIABUILDROLEKEY0001", aws_secret_access_key="s", aws_session_token="t")
        stubber = Stubber(client)
        if self.error:
            stubber.add_client_error("list_model_packages", service_error_code=self.error, service_message="denied", expected_params=NEWEST_APPROVED)
        else:
            summaries = [{"ModelPackageArn": arn, "ModelPackageGroupName": GROUP, "CreationTime": "2026-11-30T10:00:00Z", "ModelPackageStatus": "Completed", "ModelApprovalStatus": "Approved"} for arn in self.arns]
            stubber.add_response("list_model_packages", {"ModelPackageSummaryList": summaries}, NEWEST_APPROVED)
        stubber.activate()
        self.stubbers.append(stubber)
        return client

    def assert_asked_once(self):
        if len(self.stubbers) != 1:
            raise AssertionError(f"{len(self.stubbers)} SageMaker clients made, expected 1")
        self.stubbers[0].assert_no_pending_responses()


def approved(*arns):
    return ModelRegistry(*arns)


class StageParametersTest(unittest.TestCase):
    def workdir(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work)
        source = os.path.join(work, "source")
        shutil.copytree(SEED_CONFIG, os.path.join(source, "config"))
        environ = {
            "SETTABLE_PARAMETERS": json.dumps(SETTABLE),
            "MODEL_PACKAGE_GROUP_NAME": GROUP,
            "SAGEMAKER_PROJECT_NAME": "churn-deploy",
            "SAGEMAKER_PROJECT_ID": "p-0987654321ab",
        }
        return source, os.path.join(work, "output"), environ

    def write_stage(self, source, stage, text):
        with open(os.path.join(source, "config", f"{stage}.json"), "w") as handle:
            handle.write(text)

    def test_writes_a_configuration_per_stage_with_the_newest_approved_version_and_project_tags(self):
        source, output, environ = self.workdir()
        registry = approved(PACKAGE)
        written = stage_parameters.build(registry, environ, source, output)
        # One ListModelPackages call, with exactly NEWEST_APPROVED (the stub refuses any other request).
        registry.assert_asked_once()
        with open(os.path.join(output, "prod-config.json")) as handle:
            self.assertEqual(json.load(handle), written["prod"])
        self.assertEqual(sorted(os.listdir(output)), ["prod-config.json", "staging-config.json"])
        self.assertEqual(written["staging"]["Parameters"]["ModelPackageArn"], PACKAGE)
        self.assertEqual(written["prod"]["Parameters"]["ModelPackageArn"], PACKAGE)
        self.assertEqual(written["prod"]["Parameters"]["AutoScaling"], "enabled")
        self.assertEqual(written["prod"]["Parameters"]["InstanceCount"], "2")
        self.assertEqual(written["staging"]["Tags"], {
            "sagemaker:project-name": "churn-deploy",
            "sagemaker:project-id": "p-0987654321ab",
            "sagemaker:deployment-stage": "staging",
        })
        for configuration in written.values():
            for value in configuration["Parameters"].values():
                self.assertIsInstance(value, str)  # CloudFormation template configurations take strings

    def test_fails_without_an_approved_version(self):
        source, output, environ = self.workdir()
        registry = approved()
        with self.assertRaisesRegex(BuildError, f"no approved model package in {GROUP}"):
            stage_parameters.build(registry, environ, source, output)
        registry.assert_asked_once()
        self.assertFalse(os.path.exists(output))

    def test_passes_a_service_error_on_and_writes_nothing(self):
        source, output, environ = self.workdir()
        with self.assertRaises(ClientError) as raised:
            stage_parameters.build(ModelRegistry(error="AccessDeniedException"), environ, source, output)
        self.assertEqual(raised.exception.response["Error"]["Code"], "AccessDeniedException")
        self.assertFalse(os.path.exists(output))

    def test_the_request_is_the_newest_approved_version_only(self):
        # The stub compares every parameter: a request for any version, or for more than one, is refused.
        for wrong in ({"ModelApprovalStatus": "PendingManualApproval"}, {"SortOrder": "Ascending"}, {"MaxResults": 10}):
            request = {**NEWEST_APPROVED, **wrong}
            client = boto3.client("sagemaker", region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="s")
            stubber = Stubber(client)
            stubber.add_response("list_model_packages", {"ModelPackageSummaryList": []}, NEWEST_APPROVED)
            with stubber, self.assertRaises(AssertionError):
                client.list_model_packages(**request)
        self.assertEqual(stage_parameters.latest_approved(approved(PACKAGE)("sagemaker"), GROUP), PACKAGE)

    def test_fails_on_a_setting_a_stage_may_not_set(self):
        source, output, environ = self.workdir()
        for forbidden in ("ModelDataUrl", "ImageUri", "ModelPackageArn", "PrivateSubnetIdsParameter", "Colour"):
            self.write_stage(source, "staging", json.dumps({"InstanceCount": 1, forbidden: "x"}))
            with self.assertRaisesRegex(BuildError, f"config/staging.json sets {forbidden}, which the endpoint template does not let a stage set"):
                stage_parameters.build(approved(PACKAGE), environ, source, output)

    def test_fails_on_settings_that_are_not_an_object_of_scalars(self):
        source, output, environ = self.workdir()
        for text in ("[1, 2]", '{"InstanceCount": {"Ref": "x"}}', '{"AutoScaling": true}', "not json"):
            self.write_stage(source, "prod", text)
            with self.assertRaisesRegex(BuildError, "config/prod.json"):
                stage_parameters.build(approved(PACKAGE), environ, source, output)

    def test_refuses_a_stage_file_that_links_out_of_the_repository(self):
        source, output, environ = self.workdir()
        outside = os.path.join(os.path.dirname(source), "outside.json")
        with open(outside, "w") as handle:
            handle.write('{"InstanceCount": 1}')
        os.remove(os.path.join(source, "config", "staging.json"))
        os.symlink(outside, os.path.join(source, "config", "staging.json"))
        with self.assertRaisesRegex(BuildError, "config/staging.json must be a regular file in the repository, not a symbolic link"):
            stage_parameters.build(approved(PACKAGE), environ, source, output)

    def test_fails_when_a_stage_file_is_missing(self):
        source, output, environ = self.workdir()
        os.remove(os.path.join(source, "config", "prod.json"))
        with self.assertRaisesRegex(BuildError, "config/prod.json is missing"):
            stage_parameters.build(approved(PACKAGE), environ, source, output)


if __name__ == "__main__":
    unittest.main()
