"""The SageMaker pipeline of this project: preprocess -> train -> evaluate -> quality gate -> register.

Written with the SageMaker Python SDK's `sagemaker.workflow` as SageMaker's own project
templates are (pinned in requirements.txt, installed by the build from the data science
environment's package mirror). Every job runs in the environment's private subnets and
security groups, with network isolation, encrypts its volumes with the environment's
volume key and its outputs with the project key, and encrypts traffic between its
instances; the environment's execution-role policy denies jobs that do not.

`get_pipeline` builds the pipeline without calling AWS: the step scripts are S3 URIs the
build uploads itself (pipelines/run_pipeline.py), and every output has an explicit S3
location, so the SDK never looks for its default bucket. `pipeline_definition` is the
JSON document the build submits (run_pipeline.py: `Pipeline.upsert`).

Run `python3 -m pipelines.definition` to print the definition for the current
environment variables (see ProjectSettings.from_environment).
"""
import json
import os
import sys
from dataclasses import dataclass

import boto3
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.model import Model
from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.network import NetworkConfig
from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import ConditionLessThanOrEqualTo
from sagemaker.workflow.execution_variables import ExecutionVariables
from sagemaker.workflow.fail_step import FailStep
from sagemaker.workflow.functions import Join, JsonGet
from sagemaker.workflow.model_step import ModelStep
from sagemaker.workflow.parameters import ParameterFloat, ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.steps import ProcessingStep, TrainingStep

from pipelines.images import xgboost_image_uri

# Container paths used by the processing scripts.
CODE_DIR = "/opt/ml/processing/input/code"
INPUT_DIR = "/opt/ml/processing/input/data"
MODEL_DIR = "/opt/ml/processing/model"
TEST_DIR = "/opt/ml/processing/test"
OUTPUT_DIR = "/opt/ml/processing/output"

STEP_PREPROCESS = "Preprocess"
STEP_TRAIN = "Train"
STEP_EVALUATE = "Evaluate"
STEP_QUALITY_GATE = "CheckModelQuality"
STEP_REGISTER = "RegisterModel"
# A ModelStep names the step it adds after itself and what the model's call does.
STEP_REGISTER_MODEL = f"{STEP_REGISTER}-RegisterModel"
STEP_FAIL = "ModelQualityTooLow"

EVALUATION_REPORT = "EvaluationReport"
SCRIPTS = ("preprocess.py", "evaluate.py")


@dataclass(frozen=True)
class ProjectSettings:
    """Everything the definition depends on; the build gets it from its environment."""

    project_name: str
    project_id: str
    region: str
    pipeline_name: str
    role_arn: str
    artifact_bucket: str
    model_package_group: str
    kms_key_arn: str
    volume_kms_key_arn: str
    subnet_ids: tuple
    security_group_ids: tuple
    code_prefix: str
    image_uri: str
    input_data_url: str

    @classmethod
    def from_environment(cls, env=None, code_prefix=None):
        env = os.environ if env is None else env
        missing = [name for name in REQUIRED_VARIABLES if not env.get(name)]
        if missing:
            raise KeyError(f"missing environment variables: {', '.join(missing)} (set by the project's CodeBuild project)")
        region = env["AWS_REGION"]
        bucket = env["ARTIFACT_BUCKET"]
        return cls(
            project_name=env["SAGEMAKER_PROJECT_NAME"],
            project_id=env["SAGEMAKER_PROJECT_ID"],
            region=region,
            pipeline_name=env["SAGEMAKER_PIPELINE_NAME"],
            role_arn=env["SAGEMAKER_PIPELINE_ROLE_ARN"],
            artifact_bucket=bucket,
            model_package_group=env["MODEL_PACKAGE_GROUP_NAME"],
            kms_key_arn=env["PROJECT_KMS_KEY_ARN"],
            volume_kms_key_arn=env["VOLUME_KMS_KEY_ARN"],
            subnet_ids=tuple(split_list(env["SUBNET_IDS"])),
            security_group_ids=tuple(split_list(env["SECURITY_GROUP_IDS"])),
            code_prefix=code_prefix or f"code/{env.get('CODEBUILD_RESOLVED_SOURCE_VERSION', 'local')}",
            image_uri=env.get("PIPELINE_IMAGE_URI") or xgboost_image_uri(region),
            input_data_url=env.get("INPUT_DATA_URL") or f"s3://{bucket}/input/",
        )

    def code_uri(self, script):
        """Where the build uploads a step script (run_pipeline.upload_scripts)."""
        return f"s3://{self.artifact_bucket}/{self.code_prefix}/{script}"


REQUIRED_VARIABLES = (
    "AWS_REGION",
    "SAGEMAKER_PROJECT_NAME",
    "SAGEMAKER_PROJECT_ID",
    "SAGEMAKER_PIPELINE_NAME",
    "SAGEMAKER_PIPELINE_ROLE_ARN",
    "ARTIFACT_BUCKET",
    "MODEL_PACKAGE_GROUP_NAME",
    "PROJECT_KMS_KEY_ARN",
    "VOLUME_KMS_KEY_ARN",
    "SUBNET_IDS",
    "SECURITY_GROUP_IDS",
)


def split_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def pipeline_session(settings, boto_session=None):
    """A session that records steps instead of starting jobs; creating it calls no AWS API.

    `boto_session`: the boto3 session to call AWS with (default: the build's credentials and region).

    No SDK defaults file: with one, the SDK validates it on every lookup (seconds per
    definition). Its usage telemetry (a request `estimator.fit` sends to an AWS bucket)
    then stays on; from the environment's VPC the S3 endpoint policy refuses it, and the
    SDK logs the failure and carries on.
    """
    boto_session = boto_session or boto3.Session(region_name=settings.region)
    return PipelineSession(boto_session=boto_session, default_bucket=settings.artifact_bucket)


def network_config(settings):
    """What the environment's guardrails require of every job: its subnets and groups, isolation, encrypted traffic."""
    return NetworkConfig(
        enable_network_isolation=True,
        security_group_ids=list(settings.security_group_ids),
        subnets=list(settings.subnet_ids),
        encrypt_inter_container_traffic=True,
    )


def execution_path(settings, *parts):
    """s3://<bucket>/pipelines/<execution id>/<parts>: every run writes to its own prefix."""
    return Join(on="/", values=[f"s3://{settings.artifact_bucket}/pipelines", ExecutionVariables.PIPELINE_EXECUTION_ID, *parts])


def get_pipeline(settings, session=None):
    session = session or pipeline_session(settings)
    input_data = ParameterString(name="InputDataUrl", default_value=settings.input_data_url)
    processing_instance_type = ParameterString(name="ProcessingInstanceType", default_value="ml.m5.large")
    training_instance_type = ParameterString(name="TrainingInstanceType", default_value="ml.m5.large")
    approval_status = ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval")
    mse_threshold = ParameterFloat(name="MseThreshold", default_value=6.0)

    def processor(base_job_name):
        return ScriptProcessor(
            image_uri=settings.image_uri,
            command=["python3"],
            role=settings.role_arn,
            instance_count=1,
            instance_type=processing_instance_type,
            volume_size_in_gb=30,
            volume_kms_key=settings.volume_kms_key_arn,
            output_kms_key=settings.kms_key_arn,
            max_runtime_in_seconds=3600,
            base_job_name=base_job_name,
            network_config=network_config(settings),
            sagemaker_session=session,
        )

    step_preprocess = ProcessingStep(
        name=STEP_PREPROCESS,
        step_args=processor("preprocess").run(
            code=settings.code_uri("preprocess.py"),
            inputs=[ProcessingInput(source=input_data, destination=INPUT_DIR, input_name="input")],
            outputs=[
                ProcessingOutput(output_name=split, source=f"{OUTPUT_DIR}/{split}", destination=execution_path(settings, split))
                for split in ("train", "validation", "test")
            ],
            arguments=["--input", INPUT_DIR, "--output", OUTPUT_DIR],
        ),
    )

    def preprocessed(split):
        return step_preprocess.properties.ProcessingOutputConfig.Outputs[split].S3Output.S3Uri

    estimator = Estimator(
        image_uri=settings.image_uri,
        role=settings.role_arn,
        instance_count=1,
        instance_type=training_instance_type,
        volume_size=30,
        volume_kms_key=settings.volume_kms_key_arn,
        # Under models/: the only prefix the staging and production model roles may read.
        output_path=f"s3://{settings.artifact_bucket}/models/{settings.pipeline_name}",
        output_kms_key=settings.kms_key_arn,
        max_run=3600,
        subnets=list(settings.subnet_ids),
        security_group_ids=list(settings.security_group_ids),
        enable_network_isolation=True,
        encrypt_inter_container_traffic=True,
        # No Debugger or Profiler side outputs: the built-in algorithm's model is the only output.
        disable_profiler=True,
        debugger_hook_config=False,
        sagemaker_session=session,
        hyperparameters={"objective": "reg:squarederror", "num_round": 50, "max_depth": 5, "eta": 0.2, "subsample": 0.8},
    )
    step_train = TrainingStep(
        name=STEP_TRAIN,
        step_args=estimator.fit(
            {split: TrainingInput(s3_data=preprocessed(split), content_type="text/csv") for split in ("train", "validation")}
        ),
    )
    model_data = step_train.properties.ModelArtifacts.S3ModelArtifacts

    evaluation_report = PropertyFile(name=EVALUATION_REPORT, output_name="evaluation", path="evaluation.json")
    step_evaluate = ProcessingStep(
        name=STEP_EVALUATE,
        step_args=processor("evaluate").run(
            code=settings.code_uri("evaluate.py"),
            inputs=[
                ProcessingInput(source=model_data, destination=MODEL_DIR, input_name="model"),
                ProcessingInput(source=preprocessed("test"), destination=TEST_DIR, input_name="test"),
            ],
            outputs=[
                ProcessingOutput(
                    output_name="evaluation", source=f"{OUTPUT_DIR}/evaluation", destination=execution_path(settings, "evaluation")
                )
            ],
            arguments=["--model", MODEL_DIR, "--test", TEST_DIR, "--output", f"{OUTPUT_DIR}/evaluation"],
        ),
        property_files=[evaluation_report],
    )

    evaluation_uri = Join(
        on="/", values=[step_evaluate.properties.ProcessingOutputConfig.Outputs["evaluation"].S3Output.S3Uri, "evaluation.json"]
    )
    model = Model(
        image_uri=settings.image_uri,
        model_data=model_data,
        role=settings.role_arn,
        enable_network_isolation=True,
        vpc_config={"Subnets": list(settings.subnet_ids), "SecurityGroupIds": list(settings.security_group_ids)},
        sagemaker_session=session,
    )
    step_register = ModelStep(
        name=STEP_REGISTER,
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.t2.medium", "ml.m5.large", "ml.m5.xlarge"],
            transform_instances=["ml.m5.large"],
            model_package_group_name=settings.model_package_group,
            approval_status=approval_status,
            model_metrics=ModelMetrics(model_statistics=MetricsSource(s3_uri=evaluation_uri, content_type="application/json")),
        ),
    )
    step_fail = FailStep(name=STEP_FAIL, error_message=Join(on=" ", values=["Test MSE is above the threshold", mse_threshold]))
    step_gate = ConditionStep(
        name=STEP_QUALITY_GATE,
        conditions=[
            ConditionLessThanOrEqualTo(
                left=JsonGet(step_name=step_evaluate.name, property_file=evaluation_report, json_path="regression_metrics.mse.value"),
                right=mse_threshold,
            )
        ],
        if_steps=[step_register],
        else_steps=[step_fail],
    )

    return Pipeline(
        name=settings.pipeline_name,
        parameters=[input_data, processing_instance_type, training_instance_type, approval_status, mse_threshold],
        steps=[step_preprocess, step_train, step_evaluate, step_gate],
        sagemaker_session=session,
    )


def pipeline_definition(settings, session=None):
    """The definition document the build submits (CreatePipeline / UpdatePipeline), as parsed JSON."""
    return json.loads(get_pipeline(settings, session).definition())


def main(argv=None):
    settings = ProjectSettings.from_environment()
    json.dump(pipeline_definition(settings), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
