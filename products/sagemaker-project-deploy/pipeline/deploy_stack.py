"""Deploys one stage's endpoint stack in every target account of the stage (staging or production).

Runs in the deploy project's Deploy build, from the product (the build project's
inline buildspec), never from the project repository. Its inputs are the
EndpointTemplate build's template (sha256-checked by the buildspec) and the
StageParameters build's configuration of the stage.

The stage's accounts come from the catalog (TARGET_ACCOUNTS, the catalog stack's
list read when the project was launched or last updated), one after the other.
In each, it assumes the deployment role with the project id as session tag (that
role may change only the stacks of that project id, with the account's
CloudFormation role), then creates or updates the stack through a change set:
created if absent, deleted and created again if its first creation rolled back,
left alone when the change set finds nothing to change. Waits for the stack,
fails the build if it does not end complete, and writes `<account>:<endpoint>`
of every account for the smoke test (the buildspec exports it as EndpointNames).

Calls go through the AWS SDK for Python (boto3, aws_clients.py), installed by the
buildspec from the environment's package mirror.

Usage: deploy_stack.py <template file> <template configuration file> <output file>
Environment: STACK_NAME, DEPLOY_STAGE, TARGET_ACCOUNTS, TARGET_ROLE_NAME, CLOUDFORMATION_ROLE_NAME,
AWS_PARTITION, SAGEMAKER_PROJECT_ID
"""
import json
import os
import re
import sys
import time

from botocore.exceptions import ClientError

from aws_clients import boto3_clients

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
ACCOUNT_ID = re.compile(r"^[0-9]{12}$")


class DeployError(RuntimeError):
    pass


def error_message(error):
    """The service's message of a botocore ClientError."""
    return error.response.get("Error", {}).get("Message", str(error))


def error_code(error):
    return error.response.get("Error", {}).get("Code", "")


def target_accounts(environ):
    """The stage's accounts from the catalog; 'none' (the catalog's empty list) or anything but account ids is refused."""
    accounts = [account.strip() for account in environ.get("TARGET_ACCOUNTS", "").split(",") if account.strip()]
    if not accounts or accounts == ["none"]:
        raise DeployError(f"the catalog lists no {environ.get('DEPLOY_STAGE')} account: add one to catalog.yaml and publish the catalog")
    wrong = [account for account in accounts if not ACCOUNT_ID.match(account)]
    if wrong:
        raise DeployError(f"TARGET_ACCOUNTS holds values that are not account ids: {', '.join(wrong)}")
    return accounts


def role_arn(environ, account, name):
    return f"arn:{environ.get('AWS_PARTITION', 'aws')}:iam::{account}:role/{name}"


class TargetSession:
    """CloudFormation as the target's deployment role, tagged with the project; re-assumed before it expires."""

    def __init__(self, clients, role, project_id, clock):
        self.clients, self.role, self.project_id, self.clock = clients, role, project_id, clock
        self.cloudformation, self.since = None, None

    def __call__(self):
        if self.cloudformation is None or self.clock() - self.since > SESSION_REFRESH_SECONDS:
            credentials = self.clients("sts").assume_role(
                RoleArn=self.role,
                RoleSessionName=f"deploy-{self.project_id}"[:64],
                Tags=[{"Key": PROJECT_ID_TAG, "Value": self.project_id}],
            )["Credentials"]
            self.cloudformation, self.since = self.clients("cloudformation", credentials), self.clock()
        return self.cloudformation


def read_template(path):
    size = os.path.getsize(path)
    if size > MAX_TEMPLATE_BODY_BYTES:
        raise DeployError(f"the endpoint template has {size} bytes, CreateChangeSet takes at most {MAX_TEMPLATE_BODY_BYTES}")
    with open(path) as handle:
        return handle.read()


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


def stack_status(cfn, name):
    try:
        stacks = cfn().describe_stacks(StackName=name)["Stacks"]
    except ClientError as error:
        if "does not exist" in error_message(error):
            return None, None
        raise
    return stacks[0]["StackStatus"], stacks[0]


def wait_for_stack(cfn, name, clock, sleep):
    """The stack's status once no operation runs on it (None: it does not exist)."""
    deadline = clock() + MAX_WAIT_SECONDS
    while True:
        status, stack = stack_status(cfn, name)
        if status is None or not status.endswith("_IN_PROGRESS") or status == "REVIEW_IN_PROGRESS":
            return status, stack
        if clock() > deadline:
            raise DeployError(f"stack {name} is still {status} after {MAX_WAIT_SECONDS // 60} minutes")
        sleep(POLL_SECONDS)


def failure_reasons(cfn, name):
    events = cfn().describe_stack_events(StackName=name)["StackEvents"]
    failed = [e for e in events if e.get("ResourceStatus", "").endswith("FAILED") and e.get("ResourceStatusReason")]
    return "; ".join(f"{e['LogicalResourceId']}: {e['ResourceStatusReason']}" for e in failed[:5]) or "no reason recorded"


def delete_rolled_back(cfn, name, role, clock, sleep):
    print(f"{name} is ROLLBACK_COMPLETE (its creation failed): deleting it to create it again")
    cfn().delete_stack(StackName=name, RoleARN=role)
    status, _ = wait_for_stack(cfn, name, clock, sleep)
    if status not in (None, "DELETE_COMPLETE"):
        raise DeployError(f"stack {name} could not be deleted: {status}: {failure_reasons(cfn, name)}")


def change_set_type(cfn, name, role, clock, sleep):
    status, _ = wait_for_stack(cfn, name, clock, sleep)
    if status == "ROLLBACK_COMPLETE":
        delete_rolled_back(cfn, name, role, clock, sleep)
        return "CREATE"
    if status in (None, "DELETE_COMPLETE", "REVIEW_IN_PROGRESS"):
        return "CREATE"
    if status in UPDATABLE:
        return "UPDATE"
    raise DeployError(f"stack {name} is {status}: it needs an operator ({failure_reasons(cfn, name)})")


def create_change_set(cfn, environ, name, kind, template, configuration, change_set, role):
    cfn().create_change_set(
        StackName=name,
        ChangeSetName=change_set,
        ChangeSetType=kind,
        TemplateBody=template,
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(configuration["Parameters"].items())],
        Tags=[{"Key": k, "Value": v} for k, v in sorted(configuration["Tags"].items())],
        RoleARN=role,
        Description=f"{environ['DEPLOY_STAGE']} deploy of SageMaker project {environ['SAGEMAKER_PROJECT_ID']}",
    )


def wait_for_change_set(cfn, name, change_set, clock, sleep):
    """True when the change set is ready to execute, False when it would change nothing."""
    deadline = clock() + MAX_WAIT_SECONDS
    while True:
        described = cfn().describe_change_set(StackName=name, ChangeSetName=change_set)
        status, reason = described["Status"], described.get("StatusReason", "")
        if status == "CREATE_COMPLETE":
            return True
        if status == "FAILED":
            if any(text in reason for text in NO_CHANGES):
                cfn().delete_change_set(StackName=name, ChangeSetName=change_set)
                return False
            raise DeployError(f"change set {change_set} of {name} failed: {reason}")
        if clock() > deadline:
            raise DeployError(f"change set {change_set} of {name} is still {status} after {MAX_WAIT_SECONDS // 60} minutes")
        sleep(POLL_SECONDS)


def wait_for_execution(cfn, name, change_set, clock, sleep):
    """Until CloudFormation reports the executed change set done (the stack's status is then its outcome)."""
    deadline = clock() + MAX_WAIT_SECONDS
    while True:
        try:
            described = cfn().describe_change_set(StackName=name, ChangeSetName=change_set)
        except ClientError as error:
            # A failed creation's rollback may take its change set with it.
            if error_code(error) == "ChangeSetNotFound" or "does not exist" in error_message(error):
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


def deploy_to(clients, environ, account, template, configuration, clock, sleep):
    """The stage's stack in one account; returns its endpoint's name."""
    name, project_id = environ["STACK_NAME"], environ["SAGEMAKER_PROJECT_ID"]
    role = role_arn(environ, account, environ["CLOUDFORMATION_ROLE_NAME"])
    cfn = TargetSession(clients, role_arn(environ, account, environ["TARGET_ROLE_NAME"]), project_id, clock)
    kind = change_set_type(cfn, name, role, clock, sleep)
    change_set = "deploy-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    create_change_set(cfn, environ, name, kind, template, configuration, change_set, role)
    if wait_for_change_set(cfn, name, change_set, clock, sleep):
        cfn().execute_change_set(StackName=name, ChangeSetName=change_set)
        wait_for_execution(cfn, name, change_set, clock, sleep)
        status, stack = wait_for_stack(cfn, name, clock, sleep)
        if status not in SUCCEEDED:
            raise DeployError(f"stack {name} in {account} ended {status}: {failure_reasons(cfn, name)}")
        print(f"{account} {name}: {status}")
    else:
        _, stack = stack_status(cfn, name)
        print(f"{account} {name}: no changes")
    return endpoint_name(stack)


def deploy(clients, environ, template_file, configuration_file, output, clock=time.monotonic, sleep=time.sleep):
    """Every account of the stage in catalog order; stops at the first that fails. Writes `<account>:<endpoint>,...`."""
    stage = environ["DEPLOY_STAGE"]
    accounts = target_accounts(environ)
    template = read_template(template_file)
    configuration = read_configuration(configuration_file, stage, environ["SAGEMAKER_PROJECT_ID"])
    endpoints = {account: deploy_to(clients, environ, account, template, configuration, clock, sleep) for account in accounts}
    written = ",".join(f"{account}:{endpoint}" for account, endpoint in endpoints.items())
    with open(output, "w") as handle:
        handle.write(written)
    print(f"endpoints {written}")
    return endpoints


def main(argv):
    deploy(boto3_clients(), dict(os.environ), argv[1], argv[2], argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
