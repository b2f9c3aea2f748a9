"""Deploys one stage's endpoint stack in a target account (staging or production).

Runs in the deploy project's Deploy build, from the product (the build project's
inline buildspec), never from the project repository. Its inputs are the
EndpointTemplate build's template (sha256-checked by the buildspec) and the
StageParameters build's configuration of the stage.

Assumes the target account's deployment role with the project id as session tag
(that role may change only the stacks of that project id, with the account's
CloudFormation role), then creates or updates the stack through a change set:
created if absent, deleted and created again if its first creation rolled back,
left alone when the change set finds nothing to change. Waits for the stack,
fails the build if it does not end complete, and writes the endpoint's name for
the smoke test (the buildspec exports it as the action's EndpointName).

Usage: deploy_stack.py <template file> <template configuration file> <output file>
Environment: STACK_NAME, DEPLOY_STAGE, TARGET_ROLE_ARN, CLOUDFORMATION_ROLE_ARN, SAGEMAKER_PROJECT_ID
"""
import json
import os
import sys
import time

from aws_cli import AwsCli, AwsError

PROJECT_ID_TAG = "sagemaker:project-id"
STAGE_TAG = "sagemaker:deployment-stage"
# CreateChangeSet's TemplateBody limit; the product refuses a larger template at synth too.
MAX_TEMPLATE_BODY_BYTES = 51200
# A chained role session lasts at most an hour: take a fresh one well before.
SESSION_REFRESH_SECONDS = 45 * 60
POLL_SECONDS = 15
# Below the build project's timeout, so the build says why it stopped.
MAX_WAIT_SECONDS = 80 * 60
# What CloudFormation says when a change set would change nothing.
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
UPDATABLE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"}
SUCCEEDED = {"CREATE_COMPLETE", "UPDATE_COMPLETE"}


class DeployError(RuntimeError):
    pass


class TargetSession:
    """The AWS CLI as the target's deployment role, tagged with the project; re-assumed before it expires."""

    def __init__(self, aws_factory, environ, clock):
        self.aws_factory, self.environ, self.clock = aws_factory, environ, clock
        self.own = aws_factory(None)
        self.target, self.since = None, None

    def __call__(self, *args):
        if self.target is None or self.clock() - self.since > SESSION_REFRESH_SECONDS:
            self.target, self.since = self.aws_factory(self.assume()), self.clock()
        return self.target(*args)

    def assume(self):
        project_id = self.environ["SAGEMAKER_PROJECT_ID"]
        credentials = self.own(
            "sts", "assume-role",
            "--role-arn", self.environ["TARGET_ROLE_ARN"],
            "--role-session-name", f"deploy-{project_id}"[:64],
            "--tags", f"Key={PROJECT_ID_TAG},Value={project_id}",
        )["Credentials"]
        return {
            **self.environ,
            "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
            "AWS_SESSION_TOKEN": credentials["SessionToken"],
        }


def read_template(path):
    size = os.path.getsize(path)
    if size > MAX_TEMPLATE_BODY_BYTES:
        raise DeployError(f"the endpoint template has {size} bytes, CreateChangeSet takes at most {MAX_TEMPLATE_BODY_BYTES}")
    return path


def read_configuration(path, stage, project_id):
    """The StageParameters build's output: {"Parameters": {name: value}, "Tags": {key: value}} of strings, for this stage and project."""
    with open(path) as handle:
        configuration = json.load(handle)
    sections = [configuration.get(key) for key in ("Parameters", "Tags")] if isinstance(configuration, dict) else [None]
    if not all(isinstance(section, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in section.items()) for section in sections):
        raise DeployError(f"{os.path.basename(path)} is not a template configuration of string parameters and tags")
    tags = configuration["Tags"]
    if tags.get(PROJECT_ID_TAG) != project_id or tags.get(STAGE_TAG) != stage:
        raise DeployError(f"{os.path.basename(path)} is not the {stage} configuration of project {project_id}")
    return configuration


def stack_status(aws, name):
    try:
        stacks = aws("cloudformation", "describe-stacks", "--stack-name", name)["Stacks"]
    except AwsError as error:
        if "does not exist" in error.stderr:
            return None, None
        raise
    return stacks[0]["StackStatus"], stacks[0]


def wait_for_stack(aws, name, clock, sleep):
    """The stack's status once no operation runs on it (None: it does not exist)."""
    deadline = clock() + MAX_WAIT_SECONDS
    while True:
        status, stack = stack_status(aws, name)
        if status is None or not status.endswith("_IN_PROGRESS") or status == "REVIEW_IN_PROGRESS":
            return status, stack
        if clock() > deadline:
            raise DeployError(f"stack {name} is still {status} after {MAX_WAIT_SECONDS // 60} minutes")
        sleep(POLL_SECONDS)


def failure_reasons(aws, name):
    events = aws("cloudformation", "describe-stack-events", "--stack-name", name)["StackEvents"]
    failed = [e for e in events if e.get("ResourceStatus", "").endswith("FAILED") and e.get("ResourceStatusReason")]
    return "; ".join(f"{e['LogicalResourceId']}: {e['ResourceStatusReason']}" for e in failed[:5]) or "no reason recorded"


def delete_rolled_back(aws, name, role_arn, clock, sleep):
    print(f"{name} is ROLLBACK_COMPLETE (its creation failed): deleting it to create it again")
    aws("cloudformation", "delete-stack", "--stack-name", name, "--role-arn", role_arn)
    status, _ = wait_for_stack(aws, name, clock, sleep)
    if status not in (None, "DELETE_COMPLETE"):
        raise DeployError(f"stack {name} could not be deleted: {status}: {failure_reasons(aws, name)}")


def change_set_type(aws, name, role_arn, clock, sleep):
    status, _ = wait_for_stack(aws, name, clock, sleep)
    if status == "ROLLBACK_COMPLETE":
        delete_rolled_back(aws, name, role_arn, clock, sleep)
        return "CREATE"
    if status in (None, "DELETE_COMPLETE", "REVIEW_IN_PROGRESS"):
        return "CREATE"
    if status in UPDATABLE:
        return "UPDATE"
    raise DeployError(f"stack {name} is {status}: it needs an operator ({failure_reasons(aws, name)})")


def create_change_set(aws, environ, name, kind, template, configuration, change_set):
    parameters = [{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(configuration["Parameters"].items())]
    tags = [{"Key": k, "Value": v} for k, v in sorted(configuration["Tags"].items())]
    aws(
        "cloudformation", "create-change-set",
        "--stack-name", name,
        "--change-set-name", change_set,
        "--change-set-type", kind,
        "--template-body", f"file://{template}",
        "--parameters", json.dumps(parameters),
        "--tags", json.dumps(tags),
        "--role-arn", environ["CLOUDFORMATION_ROLE_ARN"],
        "--description", f"{environ['DEPLOY_STAGE']} deploy of SageMaker project {environ['SAGEMAKER_PROJECT_ID']}",
    )


def wait_for_change_set(aws, name, change_set, clock, sleep):
    """True when the change set is ready to execute, False when it would change nothing."""
    deadline = clock() + MAX_WAIT_SECONDS
    while True:
        described = aws("cloudformation", "describe-change-set", "--stack-name", name, "--change-set-name", change_set)
        status, reason = described["Status"], described.get("StatusReason", "")
        if status == "CREATE_COMPLETE":
            return True
        if status == "FAILED":
            if any(text in reason for text in NO_CHANGES):
                aws("cloudformation", "delete-change-set", "--stack-name", name, "--change-set-name", change_set)
                return False
            raise DeployError(f"change set {change_set} of {name} failed: {reason}")
        if clock() > deadline:
            raise DeployError(f"change set {change_set} of {name} is still {status} after {MAX_WAIT_SECONDS // 60} minutes")
        sleep(POLL_SECONDS)


def wait_for_execution(aws, name, change_set, clock, sleep):
    """Until CloudFormation reports the executed change set done (the stack's status is then its outcome)."""
    deadline = clock() + MAX_WAIT_SECONDS
    while True:
        try:
            described = aws("cloudformation", "describe-change-set", "--stack-name", name, "--change-set-name", change_set)
        except AwsError as error:
            # A failed creation's rollback may take its change set with it.
            if "ChangeSetNotFound" in error.stderr or "does not exist" in error.stderr:
                return
            raise
        if described.get("ExecutionStatus") not in ("AVAILABLE", "EXECUTE_IN_PROGRESS"):
            return
        if clock() > deadline:
            raise DeployError(f"change set {change_set} of {name} is still {described.get('ExecutionStatus')} after {MAX_WAIT_SECONDS // 60} minutes")
        sleep(POLL_SECONDS)


def endpoint_name(stack):
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    if "EndpointName" not in outputs:
        raise DeployError(f"stack {stack['StackName']} has no EndpointName output")
    return outputs["EndpointName"]


def deploy(aws_factory, environ, template, configuration_file, output, clock=time.monotonic, sleep=time.sleep):
    name, stage = environ["STACK_NAME"], environ["DEPLOY_STAGE"]
    template = read_template(template)
    configuration = read_configuration(configuration_file, stage, environ["SAGEMAKER_PROJECT_ID"])
    aws = TargetSession(aws_factory, environ, clock)
    kind = change_set_type(aws, name, environ["CLOUDFORMATION_ROLE_ARN"], clock, sleep)
    change_set = "deploy-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    create_change_set(aws, environ, name, kind, template, configuration, change_set)
    if wait_for_change_set(aws, name, change_set, clock, sleep):
        aws("cloudformation", "execute-change-set", "--stack-name", name, "--change-set-name", change_set)
        wait_for_execution(aws, name, change_set, clock, sleep)
        status, stack = wait_for_stack(aws, name, clock, sleep)
        if status not in SUCCEEDED:
            raise DeployError(f"stack {name} ended {status}: {failure_reasons(aws, name)}")
        print(f"{name}: {status}")
    else:
        _, stack = stack_status(aws, name)
        print(f"{name}: no changes")
    endpoint = endpoint_name(stack)
    with open(output, "w") as handle:
        handle.write(endpoint)
    print(f"endpoint {endpoint}")
    return endpoint


def main(argv):
    deploy(lambda env: AwsCli(env), dict(os.environ), argv[1], argv[2], argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
