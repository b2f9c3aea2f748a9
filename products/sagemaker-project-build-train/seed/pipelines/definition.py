"""The SageMaker pipeline of this project: preprocess -> train -> evaluate -> register.

The definition is built as the JSON document SageMaker Pipelines executes (schema
2020-12-01) with the Python standard library only: the build runs inside the data
science environment's VPC, without internet access, so it cannot install the
SageMaker SDK. Every job runs in the environment's private subnets and security
groups, encrypts its volumes with the environment's volume key and its outputs
with the project key, and encrypts traffic between its instances; the
environment's execution-role policy denies jobs that do not.

Run `python3 -m pipelines.definition` to print the definition for the current
environment variables (see ProjectSettings.from_environment).
"""
import json
import os
import sys
from dataclasses import dataclass

from pipelines.images import xgboost_image_uri

SCHEMA_VERSION = "2020-12-01"

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
STEP_FAIL = "ModelQualityTooLow"

EVALUATION_REPORT = "EvaluationReport"


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


def parameter(name):
    return {"Get": f"Parameters.{name}"}


def join(*values, on="/"):
    return {"Std:Join": {"On": on, "Values": list(values)}}


def execution_path(settings, *parts):
    """s3://<bucket>/pipelines/<execution id>/<parts>: every run writes to its own prefix."""
    return join(f"s3://{settings.artifact_bucket}/pipelines", {"Get": "Execution.PipelineExecutionId"}, *parts)


def parameters(settings):
    return [
        {"Name": "InputDataUrl", "Type": "String", "DefaultValue": settings.input_data_url},
        {"Name": "ProcessingInstanceType", "Type": "String", "DefaultValue": "ml.m5.large"},
        {"Name": "TrainingInstanceType", "Type": "String", "DefaultValue": "ml.m5.large"},
        {"Name": "ModelApprovalStatus", "Type": "String", "DefaultValue": "PendingManualApproval"},
        {"Name": "MseThreshold", "Type": "Float", "DefaultValue": 6.0},
    ]


def vpc_config(settings):
    return {"Subnets": list(settings.subnet_ids), "SecurityGroupIds": list(settings.security_group_ids)}


def network_config(settings):
    return {
        "EnableNetworkIsolation": True,
        "EnableInterContainerTrafficEncryption": True,
        "VpcConfig": vpc_config(settings),
    }


def s3_input(name, uri, local_path):
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": local_path,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
        },
    }


def s3_output(name, uri, local_path):
    return {
        "OutputName": name,
        "AppManaged": False,
        "S3Output": {"S3Uri": uri, "LocalPath": local_path, "S3UploadMode": "EndOfJob"},
    }


def processing_arguments(settings, script, inputs, outputs, arguments=()):
    code = f"s3://{settings.artifact_bucket}/{settings.code_prefix}/{script}"
    return {
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceType": parameter("ProcessingInstanceType"),
                "InstanceCount": 1,
                "VolumeSizeInGB": 30,
                "VolumeKmsKeyId": settings.volume_kms_key_arn,
            }
        },
        "AppSpecification": {
            "ImageUri": settings.image_uri,
            "ContainerEntrypoint": ["python3", f"{CODE_DIR}/{script}"],
            "ContainerArguments": list(arguments),
        },
        "RoleArn": settings.role_arn,
        "ProcessingInputs": [*inputs, s3_input("code", code, CODE_DIR)],
        "ProcessingOutputConfig": {"Outputs": outputs, "KmsKeyId": settings.kms_key_arn},
        "NetworkConfig": network_config(settings),
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }


def output_uri(step, output):
    return {"Get": f"Steps.{step}.ProcessingOutputConfig.Outputs['{output}'].S3Output.S3Uri"}


def step_preprocess(settings):
    return {
        "Name": STEP_PREPROCESS,
        "Type": "Processing",
        "Arguments": processing_arguments(
            settings,
            "preprocess.py",
            inputs=[s3_input("input", parameter("InputDataUrl"), INPUT_DIR)],
            outputs=[
                s3_output(split, execution_path(settings, split), f"{OUTPUT_DIR}/{split}")
                for split in ("train", "validation", "test")
            ],
            arguments=["--input", INPUT_DIR, "--output", OUTPUT_DIR],
        ),
    }


def training_channel(name):
    return {
        "ChannelName": name,
        "ContentType": "text/csv",
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": output_uri(STEP_PREPROCESS, name),
                "S3DataDistributionType": "FullyReplicated",
            }
        },
    }


def step_train(settings):
    return {
        "Name": STEP_TRAIN,
        "Type": "Training",
        "Arguments": {
            "AlgorithmSpecification": {"TrainingImage": settings.image_uri, "TrainingInputMode": "File"},
            # Under models/: the only prefix the staging and production model roles may read.
            "OutputDataConfig": {
                "S3OutputPath": f"s3://{settings.artifact_bucket}/models/{settings.pipeline_name}",
                "KmsKeyId": settings.kms_key_arn,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            "ResourceConfig": {
                "InstanceCount": 1,
                "InstanceType": parameter("TrainingInstanceType"),
                "VolumeSizeInGB": 30,
                "VolumeKmsKeyId": settings.volume_kms_key_arn,
            },
            "RoleArn": settings.role_arn,
            "InputDataConfig": [training_channel("train"), training_channel("validation")],
            "HyperParameters": {
                "objective": "reg:squarederror",
                "num_round": "50",
                "max_depth": "5",
                "eta": "0.2",
                "subsample": "0.8",
            },
            "VpcConfig": vpc_config(settings),
            "EnableNetworkIsolation": True,
            "EnableInterContainerTrafficEncryption": True,
        },
    }


def step_evaluate(settings):
    return {
        "Name": STEP_EVALUATE,
        "Type": "Processing",
        "Arguments": processing_arguments(
            settings,
            "evaluate.py",
            inputs=[
                s3_input("model", {"Get": f"Steps.{STEP_TRAIN}.ModelArtifacts.S3ModelArtifacts"}, MODEL_DIR),
                s3_input("test", output_uri(STEP_PREPROCESS, "test"), TEST_DIR),
            ],
            outputs=[s3_output("evaluation", execution_path(settings, "evaluation"), f"{OUTPUT_DIR}/evaluation")],
            arguments=["--model", MODEL_DIR, "--test", TEST_DIR, "--output", f"{OUTPUT_DIR}/evaluation"],
        ),
        "PropertyFiles": [
            {"PropertyFileName": EVALUATION_REPORT, "OutputName": "evaluation", "FilePath": "evaluation.json"}
        ],
    }


def step_register(settings):
    return {
        "Name": STEP_REGISTER,
        "Type": "RegisterModel",
        "Arguments": {
            "ModelPackageGroupName": settings.model_package_group,
            "ModelApprovalStatus": parameter("ModelApprovalStatus"),
            "InferenceSpecification": {
                "Containers": [
                    {
                        "Image": settings.image_uri,
                        "ModelDataUrl": {"Get": f"Steps.{STEP_TRAIN}.ModelArtifacts.S3ModelArtifacts"},
                    }
                ],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
                "SupportedRealtimeInferenceInstanceTypes": ["ml.t2.medium", "ml.m5.large", "ml.m5.xlarge"],
                "SupportedTransformInstanceTypes": ["ml.m5.large"],
            },
            "ModelMetrics": {
                "ModelQuality": {
                    "Statistics": {
                        "ContentType": "application/json",
                        "S3Uri": join(output_uri(STEP_EVALUATE, "evaluation"), "evaluation.json"),
                    }
                }
            },
        },
    }


def step_quality_gate(settings):
    """Registers the model only when its test MSE is at most the MseThreshold parameter."""
    return {
        "Name": STEP_QUALITY_GATE,
        "Type": "Condition",
        "Arguments": {
            "Conditions": [
                {
                    "Type": "LessThanOrEqualTo",
                    "LeftValue": {
                        "Std:JsonGet": {
                            "PropertyFile": {"Get": f"Steps.{STEP_EVALUATE}.PropertyFiles.{EVALUATION_REPORT}"},
                            "Path": "regression_metrics.mse.value",
                        }
                    },
                    "RightValue": parameter("MseThreshold"),
                }
            ],
            "IfSteps": [step_register(settings)],
            "ElseSteps": [
                {
                    "Name": STEP_FAIL,
                    "Type": "Fail",
                    "Arguments": {
                        "ErrorMessage": join("Test MSE is above the threshold", parameter("MseThreshold"), on=" ")
                    },
                }
            ],
        },
    }


def pipeline_definition(settings):
    return {
        "Version": SCHEMA_VERSION,
        "Metadata": {},
        "Parameters": parameters(settings),
        "PipelineExperimentConfig": {
            "ExperimentName": {"Get": "Execution.PipelineName"},
            "TrialName": {"Get": "Execution.PipelineExecutionId"},
        },
        "Steps": [
            step_preprocess(settings),
            step_train(settings),
            step_evaluate(settings),
            step_quality_gate(settings),
        ],
    }


def main(argv=None):
    settings = ProjectSettings.from_environment()
    json.dump(pipeline_definition(settings), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
