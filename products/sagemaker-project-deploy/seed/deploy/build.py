"""Build stage: which model version to deploy, and how, in each stage.

- Finds the newest *Approved* version of the model package group.
- Checks that endpoint/template.json is the catalog's endpoint template, byte for
  byte (its sha256 is set on the build project): the endpoint definition is the
  platform's, not this repository's.
- Writes one CloudFormation template configuration per stage (staging, prod) from
  config/<stage>.json: the endpoint parameters, the approved model package, and the
  SageMaker project tags. Only parameters the endpoint template declares may be set,
  and never its model source or the environment values it reads from SSM.
"""
import hashlib
import json
import os
import sys

from deploy.aws_cli import AwsCli

TEMPLATE = os.path.join("endpoint", "template.json")
STAGES = ("staging", "prod")
MODEL_SOURCE = ("ModelPackageArn", "ModelDataUrl", "ImageUri")


class BuildError(RuntimeError):
    pass


def verify_template(path, expected_sha256):
    with open(path, "rb") as handle:
        actual = hashlib.sha256(handle.read()).hexdigest()
    if actual != expected_sha256:
        raise BuildError(
            f"{path} is not the catalog's endpoint template (sha256 {actual}, expected {expected_sha256}); "
            "restore it from the commit that created the repository: endpoint settings belong in config/<stage>.json"
        )


def latest_approved(aws, group):
    response = aws(
        "sagemaker", "list-model-packages",
        "--model-package-group-name", group,
        "--model-approval-status", "Approved",
        "--sort-by", "CreationTime",
        "--sort-order", "Descending",
        "--max-results", "1",
    )
    packages = response.get("ModelPackageSummaryList", [])
    if not packages:
        raise BuildError(f"no approved model package in {group}: approve a version in SageMaker Studio first")
    return packages[0]["ModelPackageArn"]


def settable_parameters(template):
    """Endpoint parameters a stage configuration may set: not the model source, not the SSM-resolved environment."""
    return {
        name
        for name, parameter in template.get("Parameters", {}).items()
        if name not in MODEL_SOURCE and not parameter.get("Type", "").startswith("AWS::SSM::Parameter::")
    }


def template_configuration(template, stage, settings, model_package_arn, project_name, project_id):
    allowed = settable_parameters(template)
    unknown = sorted(set(settings) - allowed)
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


def build(aws, environ, workdir="."):
    template_path = os.path.join(workdir, TEMPLATE)
    verify_template(template_path, environ["ENDPOINT_TEMPLATE_SHA256"])
    with open(template_path) as handle:
        template = json.load(handle)
    package = latest_approved(aws, environ["MODEL_PACKAGE_GROUP_NAME"])
    written = {}
    for stage in STAGES:
        with open(os.path.join(workdir, "config", f"{stage}.json")) as handle:
            settings = json.load(handle)
        configuration = template_configuration(
            template, stage, settings, package, environ["SAGEMAKER_PROJECT_NAME"], environ["SAGEMAKER_PROJECT_ID"]
        )
        target = os.path.join(workdir, f"{stage}-config.json")
        with open(target, "w") as handle:
            json.dump(configuration, handle, indent=2, sort_keys=True)
        written[stage] = configuration
    print(f"deploying {package}")
    return written


def main():
    build(AwsCli(), os.environ)
    return 0


if __name__ == "__main__":
    sys.exit(main())
