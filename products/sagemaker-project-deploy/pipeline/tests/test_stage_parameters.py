"""The stage parameters: the approved version, one configuration per stage, only the settings a stage may set."""
import json
import os
import shutil
import tempfile
import unittest

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
PACKAGE = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn-p-abc123def456/3"


def approved(*arns):
    calls = []

    def aws(*args):
        calls.append(args)
        return {"ModelPackageSummaryList": [{"ModelPackageArn": arn} for arn in arns]}

    aws.calls = calls
    return aws


class StageParametersTest(unittest.TestCase):
    def workdir(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work)
        source = os.path.join(work, "source")
        shutil.copytree(SEED_CONFIG, os.path.join(source, "config"))
        environ = {
            "SETTABLE_PARAMETERS": json.dumps(SETTABLE),
            "MODEL_PACKAGE_GROUP_NAME": "churn-p-abc123def456",
            "SAGEMAKER_PROJECT_NAME": "churn-deploy",
            "SAGEMAKER_PROJECT_ID": "p-0987654321ab",
        }
        return source, os.path.join(work, "output"), environ

    def write_stage(self, source, stage, text):
        with open(os.path.join(source, "config", f"{stage}.json"), "w") as handle:
            handle.write(text)

    def test_writes_a_configuration_per_stage_with_the_newest_approved_version_and_project_tags(self):
        source, output, environ = self.workdir()
        aws = approved(PACKAGE)
        written = stage_parameters.build(aws, environ, source, output)
        self.assertEqual(aws.calls[0][:4], ("sagemaker", "list-model-packages", "--model-package-group-name", "churn-p-abc123def456"))
        self.assertIn("Approved", aws.calls[0])
        self.assertEqual(aws.calls[0][aws.calls[0].index("--sort-order") + 1], "Descending")
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
        with self.assertRaisesRegex(BuildError, "no approved model package in churn-p-abc123def456"):
            stage_parameters.build(approved(), environ, source, output)

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
