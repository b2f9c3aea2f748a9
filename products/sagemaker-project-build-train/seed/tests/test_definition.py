"""The pipeline definition, generated offline by the SageMaker Python SDK (the version
requirements.txt pins): the four steps in order, wired to each other, and every job
inside the environment's network and keys."""
import json
import os
import unittest

import sagemaker
from sagemaker.workflow.pipeline import Pipeline

from pipelines import definition
from pipelines.definition import ProjectSettings, get_pipeline, pipeline_definition

HERE = os.path.dirname(os.path.abspath(__file__))

ENVIRONMENT = {
    "AWS_REGION": "eu-west-1",
    "SAGEMAKER_PROJECT_NAME": "churn",
    "SAGEMAKER_PROJECT_ID": "p-abc123def456",
    "SAGEMAKER_PIPELINE_NAME": "sagemaker-churn-p-abc123def456",
    "SAGEMAKER_PIPELINE_ROLE_ARN": "arn:aws:iam::111111111111:role/pipeline-execution",
    "ARTIFACT_BUCKET": "sagemaker-project-p-abc123def456-build-111111111111",
    "MODEL_PACKAGE_GROUP_NAME": "churn-p-abc123def456",
    "PROJECT_KMS_KEY_ARN": "arn:aws:kms:eu-west-1:111111111111:key/project",
    "VOLUME_KMS_KEY_ARN": "arn:aws:kms:eu-west-1:111111111111:key/volume",
    "SUBNET_IDS": "subnet-1,subnet-2",
    "SECURITY_GROUP_IDS": "sg-1",
    "CODEBUILD_RESOLVED_SOURCE_VERSION": "0123456789abcdef",
}


def settings(**overrides):
    return ProjectSettings.from_environment({**ENVIRONMENT, **overrides})


def all_steps(steps):
    for step in steps:
        yield step
        if step["Type"] == "Condition":
            yield from all_steps(step["Arguments"]["IfSteps"] + step["Arguments"]["ElseSteps"])


class DefinitionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Built once: every test reads the same definition and none changes it.
        cls.definition = pipeline_definition(settings())
        cls.steps = {step["Name"]: step for step in all_steps(cls.definition["Steps"])}

    def test_is_json_of_the_2020_12_01_schema(self):
        self.assertEqual(self.definition["Version"], "2020-12-01")
        self.assertEqual(json.loads(json.dumps(self.definition)), self.definition)

    def test_is_what_the_sdk_pipeline_submits(self):
        pipeline = get_pipeline(settings())
        self.assertIsInstance(pipeline, Pipeline)
        self.assertEqual(pipeline.name, ENVIRONMENT["SAGEMAKER_PIPELINE_NAME"])
        self.assertEqual(json.loads(pipeline.definition()), self.definition)

    def test_runs_on_the_sdk_version_requirements_txt_pins(self):
        with open(os.path.join(HERE, "..", "requirements.txt")) as handle:
            pins = dict(line.strip().split("==") for line in handle if "==" in line and not line.startswith("#"))
        self.assertEqual(pins["sagemaker"], sagemaker.__version__)

    def test_parameters_the_pipeline_can_be_started_with(self):
        self.assertEqual(
            [(p["Name"], p["Type"]) for p in self.definition["Parameters"]],
            [
                ("InputDataUrl", "String"),
                ("ProcessingInstanceType", "String"),
                ("TrainingInstanceType", "String"),
                ("ModelApprovalStatus", "String"),
                ("MseThreshold", "Float"),
            ],
        )
        defaults = {p["Name"]: p["DefaultValue"] for p in self.definition["Parameters"]}
        self.assertEqual(defaults["ModelApprovalStatus"], "PendingManualApproval")
        self.assertEqual(defaults["InputDataUrl"], "s3://sagemaker-project-p-abc123def456-build-111111111111/input/")

    def test_steps_preprocess_train_evaluate_then_register_behind_the_quality_gate(self):
        self.assertEqual(
            [(s["Name"], s["Type"]) for s in self.definition["Steps"]],
            [("Preprocess", "Processing"), ("Train", "Training"), ("Evaluate", "Processing"), ("CheckModelQuality", "Condition")],
        )
        gate = self.steps["CheckModelQuality"]["Arguments"]
        self.assertEqual([s["Type"] for s in gate["IfSteps"]], ["RegisterModel"])
        self.assertEqual([s["Type"] for s in gate["ElseSteps"]], ["Fail"])
        condition = gate["Conditions"][0]
        self.assertEqual(condition["Type"], "LessThanOrEqualTo")
        self.assertEqual(condition["LeftValue"]["Std:JsonGet"]["PropertyFile"], {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"})
        self.assertEqual(condition["RightValue"], {"Get": "Parameters.MseThreshold"})

    def test_each_step_consumes_the_previous_steps_outputs(self):
        train = self.steps["Train"]["Arguments"]
        self.assertEqual(
            [c["DataSource"]["S3DataSource"]["S3Uri"] for c in train["InputDataConfig"]],
            [
                {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"},
                {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri"},
            ],
        )
        evaluate_inputs = {i["InputName"]: i["S3Input"]["S3Uri"] for i in self.steps["Evaluate"]["Arguments"]["ProcessingInputs"]}
        self.assertEqual(evaluate_inputs["model"], {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"})
        self.assertEqual(evaluate_inputs["test"], {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri"})
        register = self.steps[definition.STEP_REGISTER_MODEL]["Arguments"]
        self.assertEqual(register["ModelPackageGroupName"], "churn-p-abc123def456")
        self.assertEqual(register["InferenceSpecification"]["Containers"][0]["ModelDataUrl"], {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"})
        self.assertEqual(register["ModelApprovalStatus"], {"Get": "Parameters.ModelApprovalStatus"})

    def test_every_reference_names_a_defined_parameter_or_step(self):
        parameters = {p["Name"] for p in self.definition["Parameters"]}
        references = []

        def collect(value):
            if isinstance(value, dict):
                if set(value) == {"Get"}:
                    references.append(value["Get"])
                for item in value.values():
                    collect(item)
            elif isinstance(value, list):
                for item in value:
                    collect(item)

        collect(self.definition)
        self.assertTrue(references)
        for reference in references:
            kind, name = reference.split(".")[:2]
            if kind == "Parameters":
                self.assertIn(name, parameters, reference)
            elif kind == "Steps":
                self.assertIn(name, self.steps, reference)
            else:
                self.assertEqual(kind, "Execution", reference)

    def test_every_job_runs_in_the_vpc_with_encrypted_volumes_outputs_and_traffic(self):
        vpc = {"Subnets": ["subnet-1", "subnet-2"], "SecurityGroupIds": ["sg-1"]}
        for name in ("Preprocess", "Evaluate"):
            arguments = self.steps[name]["Arguments"]
            self.assertEqual(arguments["NetworkConfig"], {
                "EnableNetworkIsolation": True,
                "EnableInterContainerTrafficEncryption": True,
                "VpcConfig": vpc,
            })
            self.assertEqual(arguments["ProcessingResources"]["ClusterConfig"]["VolumeKmsKeyId"], ENVIRONMENT["VOLUME_KMS_KEY_ARN"])
            self.assertEqual(arguments["ProcessingOutputConfig"]["KmsKeyId"], ENVIRONMENT["PROJECT_KMS_KEY_ARN"])
            self.assertEqual(arguments["RoleArn"], ENVIRONMENT["SAGEMAKER_PIPELINE_ROLE_ARN"])
        train = self.steps["Train"]["Arguments"]
        self.assertEqual(train["VpcConfig"], vpc)
        self.assertIs(train["EnableNetworkIsolation"], True)
        self.assertIs(train["EnableInterContainerTrafficEncryption"], True)
        # No Debugger or Profiler output beside the model (they would write outside models/).
        self.assertNotIn("DebugHookConfig", train)
        self.assertEqual(train["ProfilerConfig"], {"DisableProfiler": True})
        self.assertTrue(train["EnableInterContainerTrafficEncryption"])
        self.assertEqual(train["ResourceConfig"]["VolumeKmsKeyId"], ENVIRONMENT["VOLUME_KMS_KEY_ARN"])
        self.assertEqual(train["OutputDataConfig"]["KmsKeyId"], ENVIRONMENT["PROJECT_KMS_KEY_ARN"])

    def test_models_are_written_under_models_prefix_of_the_project_bucket(self):
        self.assertEqual(
            self.steps["Train"]["Arguments"]["OutputDataConfig"]["S3OutputPath"],
            "s3://sagemaker-project-p-abc123def456-build-111111111111/models/sagemaker-churn-p-abc123def456",
        )

    def test_step_scripts_come_from_the_commit_prefix(self):
        code = [i for i in self.steps["Preprocess"]["Arguments"]["ProcessingInputs"] if i["InputName"] == "code"][0]
        self.assertEqual(code["S3Input"]["S3Uri"], "s3://sagemaker-project-p-abc123def456-build-111111111111/code/0123456789abcdef/preprocess.py")
        self.assertEqual(
            self.steps["Preprocess"]["Arguments"]["AppSpecification"]["ContainerEntrypoint"],
            ["python3", "/opt/ml/processing/input/code/preprocess.py"],
        )

    def test_uses_the_regional_xgboost_image_unless_one_is_given(self):
        self.assertEqual(
            self.steps["Train"]["Arguments"]["AlgorithmSpecification"]["TrainingImage"],
            "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        )
        mine = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/mirror/xgboost:1.7-1"
        self.assertEqual(settings(PIPELINE_IMAGE_URI=mine).image_uri, mine)

    def test_fails_on_a_region_without_a_known_image(self):
        with self.assertRaisesRegex(ValueError, "no SageMaker XGBoost image registry known for region 'xx-east-9'; set PIPELINE_IMAGE_URI"):
            settings(AWS_REGION="xx-east-9")

    def test_fails_without_the_variables_the_build_project_sets(self):
        environment = dict(ENVIRONMENT)
        del environment["SUBNET_IDS"]
        with self.assertRaisesRegex(KeyError, "missing environment variables: SUBNET_IDS"):
            ProjectSettings.from_environment(environment)

    def test_step_names_are_unique(self):
        names = [s["Name"] for s in all_steps(self.definition["Steps"])]
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(set(names), {
            definition.STEP_PREPROCESS, definition.STEP_TRAIN, definition.STEP_EVALUATE,
            definition.STEP_QUALITY_GATE, definition.STEP_REGISTER_MODEL, definition.STEP_FAIL,
        })


if __name__ == "__main__":
    unittest.main()
