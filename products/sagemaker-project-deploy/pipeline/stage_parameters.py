"""Stage parameters: which model version to deploy, and how, in each stage.

Runs in the deploy project's StageParameters build, from the product (the build
project's inline buildspec), never from the project repository: the repository
only supplies data, config/<stage>.json, which this script reads as JSON and
checks. Nothing from the repository is executed.

- Finds the newest *Approved* version of the model package group.
- Writes one CloudFormation template configuration per stage (staging, prod):
  the stage's settings, the approved model package, and the project tags. A stage
  may set only the parameters the product lets it set (SETTABLE_PARAMETERS,
  derived from the endpoint template when the product is synthesized): never the
  model source, nor the environment values the template reads from SSM.

Calls go through the AWS SDK for Python (boto3, aws_clients.py), installed by the
buildspec from the environment's package mirror.

Usage: stage_parameters.py <source directory> <output directory>
"""
import json
import os
import sys

from aws_clients import boto3_clients

STAGES = ("staging", "prod")
# A stage file is a handful of settings: anything larger is not one.
MAX_SETTINGS_BYTES = 16 * 1024


class BuildError(RuntimeError):
    pass


def latest_approved(sagemaker, group):
    """The newest Approved version of the group: ListModelPackages sorted by creation time, newest first, one result."""
    response = sagemaker.list_model_packages(
        ModelPackageGroupName=group,
        ModelApprovalStatus="Approved",
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=1,
    )
    packages = response.get("ModelPackageSummaryList", [])
    if not packages:
        raise BuildError(f"no approved model package in {group}: approve a version in SageMaker Studio first")
    return packages[0]["ModelPackageArn"]


def read_settings(source, stage):
    """config/<stage>.json of the repository: a regular file (no link out of the repository), a JSON object of scalars."""
    relative = os.path.join("config", f"{stage}.json")
    path = os.path.join(source, relative)
    for part in (os.path.join(source, "config"), path):
        if os.path.islink(part):
            raise BuildError(f"{relative} must be a regular file in the repository, not a symbolic link")
    if not os.path.isfile(path):
        raise BuildError(f"{relative} is missing: the stage's endpoint settings live there")
    if os.path.getsize(path) > MAX_SETTINGS_BYTES:
        raise BuildError(f"{relative} is larger than {MAX_SETTINGS_BYTES} bytes")
    with open(path) as handle:
        try:
            settings = json.load(handle)
        except ValueError as error:
            raise BuildError(f"{relative} is not valid JSON: {error}") from None
    if not isinstance(settings, dict) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in settings.values()):
        raise BuildError(f"{relative} must be a JSON object of parameter names to strings or numbers")
    return settings


def template_configuration(allowed, stage, settings, model_package_arn, project_name, project_id):
    unknown = sorted(set(settings) - set(allowed))
    if unknown:
        raise BuildError(
            f"config/{stage}.json sets {', '.join(unknown)}, which the endpoint template does not let a stage set; "
            f"allowed: {', '.join(sorted(allowed))}"
        )
    parameters = {name: str(value) for name, value in sorted(settings.items())}
    parameters["ModelPackageArn"] = model_package_arn
    return {
        "Parameters": parameters,
        "Tags": {
            "sagemaker:project-name": project_name,
            "sagemaker:project-id": project_id,
            "sagemaker:deployment-stage": stage,
        },
    }


def build(clients, environ, source, output):
    """`clients(service, credentials=None)` as in aws_clients.py; returns stage -> the configuration written."""
    allowed = json.loads(environ["SETTABLE_PARAMETERS"])
    package = latest_approved(clients("sagemaker"), environ["MODEL_PACKAGE_GROUP_NAME"])
    os.makedirs(output, exist_ok=True)
    written = {}
    for stage in STAGES:
        configuration = template_configuration(
            allowed, stage, read_settings(source, stage), package,
            environ["SAGEMAKER_PROJECT_NAME"], environ["SAGEMAKER_PROJECT_ID"],
        )
        with open(os.path.join(output, f"{stage}-config.json"), "w") as handle:
            json.dump(configuration, handle, indent=2, sort_keys=True)
        written[stage] = configuration
    print(f"deploying {package}")
    return written


def main(argv):
    build(boto3_clients(), os.environ, argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
