"""The build stage: the approved version, the verified endpoint template, one configuration per stage."""
import hashlib
import json
import os
import shutil
import tempfile
import unittest

from deploy import build
from deploy.build import BuildError

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHIPPED_TEMPLATE = os.path.join(ROOT, "endpoint", "template.json")

# The parameters of the catalog's endpoint template that matter here (model source, settings, SSM-resolved values).
TEMPLATE = {
    "Parameters": {
        "ModelPackageArn": {"Type": "String"},
        "ModelDataUrl": {"Type": "String"},
        "ImageUri": {"Type": "String"},
        "InstanceType": {"Type": "String"},
        "InstanceCount": {"Type": "Number"},
        "DataCapture": {"Type": "String"},
        "DataCaptureSamplingPercentage": {"Type": "Number"},
        "AutoScaling": {"Type": "String"},
        "MaxInstanceCount": {"Type": "Number"},
        "TargetInvocationsPerInstance": {"Type": "Number"},
        "PrivateSubnetIdsParameter": {"Type": "AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>"},
    }
}
PACKAGE = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn-p-abc123def456/3"


def approved(*arns):
    calls = []

    def aws(*args):
        calls.append(args)
        return {"ModelPackageSummaryList": [{"ModelPackageArn": arn} for arn in arns]}

    aws.calls = calls
    return aws


class BuildTest(unittest.TestCase):
    def workdir(self, template=None):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work)
        shutil.copytree(os.path.join(ROOT, "config"), os.path.join(work, "config"))
        os.makedirs(os.path.join(work, "endpoint"))
        text = template if template is not None else json.dumps(TEMPLATE)
        with open(os.path.join(work, "endpoint", "template.json"), "w") as handle:
            handle.write(text)
        environ = {
            "ENDPOINT_TEMPLATE_SHA256": hashlib.sha256(text.encode()).hexdigest(),
            "MODEL_PACKAGE_GROUP_NAME": "churn-p-abc123def456",
            "SAGEMAKER_PROJECT_NAME": "churn-deploy",
            "SAGEMAKER_PROJECT_ID": "p-0987654321ab",
        }
        return work, environ

    def test_writes_a_configuration_per_stage_with_the_newest_approved_version_and_project_tags(self):
        work, environ = self.workdir()
        aws = approved(PACKAGE)
        written = build.build(aws, environ, work)
        self.assertEqual(aws.calls[0][:4], ("sagemaker", "list-model-packages", "--model-package-group-name", "churn-p-abc123def456"))
        self.assertIn("Approved", aws.calls[0])
        self.assertEqual(aws.calls[0][aws.calls[0].index("--sort-order") + 1], "Descending")
        with open(os.path.join(work, "prod-config.json")) as handle:
            self.assertEqual(json.load(handle), written["prod"])
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
        work, environ = self.workdir()
        with self.assertRaisesRegex(BuildError, "no approved model package in churn-p-abc123def456"):
            build.build(approved(), environ, work)

    def test_fails_on_an_edited_endpoint_template(self):
        work, environ = self.workdir()
        environ["ENDPOINT_TEMPLATE_SHA256"] = "0" * 64
        with self.assertRaisesRegex(BuildError, "endpoint/template.json is not the catalog's endpoint template"):
            build.build(approved(PACKAGE), environ, work)

    def test_fails_on_a_setting_the_template_does_not_let_a_stage_set(self):
        work, environ = self.workdir()
        for forbidden in ("ModelDataUrl", "PrivateSubnetIdsParameter", "Colour"):
            with open(os.path.join(work, "config", "staging.json"), "w") as handle:
                json.dump({"InstanceCount": 1, forbidden: "x"}, handle)
            with self.assertRaisesRegex(BuildError, f"config/staging.json sets {forbidden}, which the endpoint template does not let a stage set"):
                build.build(approved(PACKAGE), environ, work)

    @unittest.skipUnless(os.path.exists(SHIPPED_TEMPLATE), "endpoint/template.json is added when the repository is created")
    def test_the_shipped_configurations_fit_the_shipped_endpoint_template(self):
        with open(SHIPPED_TEMPLATE) as handle:
            text = handle.read()
        work, environ = self.workdir(text)
        written = build.build(approved(PACKAGE), environ, work)
        template = json.loads(text)
        for configuration in written.values():
            for name, value in configuration["Parameters"].items():
                parameter = template["Parameters"][name]
                if "AllowedValues" in parameter:
                    self.assertIn(value, parameter["AllowedValues"], name)


if __name__ == "__main__":
    unittest.main()
