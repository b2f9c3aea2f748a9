"""Restores the policy of a VPC endpoint of the watched environment to its template's value.

The script of the monitoring's RestoreEndpointPolicy runbook (endpoint-policy-restore.ts embeds
this file into the SSM Automation document at synth; aws:executeScript runs `handler`). Started by
EventBridge on every ModifyVpcEndpoint call of the account, it decides for one endpoint:

1. the endpoint is in the watched VPC, else nothing (the event pattern cannot filter by VPC);
2. the CloudFormation stack and logical id that own it (DescribeStackResources by physical id),
   else nothing: an endpoint no stack manages has no template value to restore;
3. the stack is not in the middle of an operation: a stack update writes the policy itself
   (and fires this runbook), so it waits for the stack to settle and then reads the new template;
4. the template's value through DetectStackResourceDrift (ExpectedProperties: the template with
   parameters and intrinsics resolved by CloudFormation), read with this runbook's role;
5. when the actual policy differs, ModifyVpcEndpoint with the expected policy; a gateway endpoint
   whose template sets no policy gets ResetPolicy (the default, full-access policy). When they are
   equal it does nothing, which is what happens when its own change fires the rule again: no loop.

Standard library only, boto3 imported by the handler: the unit tests run with stub clients
(tests/test_restore_endpoint_policy.py), no AWS and no boto3 needed.
API behaviour relied on, by the AWS references:
- DescribeStackResources with PhysicalResourceId returns the resources of the stack the resource
  belongs to (first 100 only, hence the ListStackResources fallback), a ValidationError when none:
  https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
- DetectStackResourceDrift checks only properties explicitly set in the template, and returns
  ExpectedProperties / ActualProperties as JSON text and the PropertyDifferences:
  https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackResourceDrift.html
- ModifyVpcEndpoint: PolicyDocument (interface and gateway endpoints), ResetPolicy (gateway endpoints):
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpoint.html
"""

import json
import time

# Statuses in which a stack's template describes its resources (nothing being changed or rolled back).
SETTLED = {
    "CREATE_COMPLETE",
    "UPDATE_COMPLETE",
    "UPDATE_ROLLBACK_COMPLETE",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_COMPLETE",
}
ENDPOINT_TYPE = "AWS::EC2::VPCEndpoint"
# aws:executeScript runs for at most 600 seconds; the step's timeoutSeconds leaves room after the wait.
WAIT_SECONDS = 420
POLL_SECONDS = 15


def handler(events, context):
    """aws:executeScript entry point: InputPayload {VpcEndpointId, WatchedVpcId}."""
    import boto3  # provided by the aws:executeScript runtime

    return restore(
        boto3.client("ec2"),
        boto3.client("cloudformation"),
        events["VpcEndpointId"],
        events["WatchedVpcId"],
    )


def restore(ec2, cloudformation, endpoint_id, watched_vpc_id, sleep=time.sleep, wait_seconds=WAIT_SECONDS):
    """What was done, as data: {"Outcome": ..., "VpcEndpointId": ..., and the facts it rests on}."""
    result = {"VpcEndpointId": endpoint_id}

    endpoint = describe_endpoint(ec2, endpoint_id)
    if endpoint is None:
        return {**result, "Outcome": "EndpointNotFound"}
    result["VpcId"] = endpoint.get("VpcId")
    if endpoint.get("VpcId") != watched_vpc_id:
        return {**result, "Outcome": "OtherVpc"}

    owner = owning_resource(cloudformation, endpoint_id)
    if owner is None:
        return {**result, "Outcome": "NotOwnedByAStack"}
    result.update(StackId=owner["StackId"], LogicalResourceId=owner["LogicalResourceId"])

    status = settled_status(cloudformation, owner["StackId"], sleep, wait_seconds)
    result["StackStatus"] = status
    if status not in SETTLED:
        return {**result, "Outcome": "StackNotSettled"}

    drift = cloudformation.detect_stack_resource_drift(
        StackName=owner["StackId"], LogicalResourceId=owner["LogicalResourceId"]
    )["StackResourceDrift"]
    result["DriftStatus"] = drift.get("StackResourceDriftStatus")
    expected = as_policy(json.loads(drift.get("ExpectedProperties") or "{}").get("PolicyDocument"))
    # Re-read after the wait: the policy may have changed while the stack settled.
    endpoint = describe_endpoint(ec2, endpoint_id) or endpoint
    actual = as_policy(endpoint.get("PolicyDocument"))

    if expected is None:
        if endpoint.get("VpcEndpointType") != "Gateway":
            # ResetPolicy exists for gateway endpoints only; the catalog's interface endpoints without a
            # template policy are those of services that take no endpoint policy (Studio, notebooks).
            return {**result, "Outcome": "NoTemplatePolicy"}
        if is_default_policy(actual):
            return {**result, "Outcome": "InSync"}
        ec2.modify_vpc_endpoint(VpcEndpointId=endpoint_id, ResetPolicy=True)
        return {**result, "Outcome": "Reset"}

    if actual == expected or not policy_drifted(drift):
        # Both CloudFormation and this comparison must see a difference before anything is written:
        # either one alone saying "equal" ends the chain its own write started.
        return {**result, "Outcome": "InSync"}
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint_id, PolicyDocument=json.dumps(expected))
    return {**result, "Outcome": "Restored"}


def describe_endpoint(ec2, endpoint_id):
    try:
        endpoints = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
    except Exception as error:  # botocore's ClientError, without importing botocore
        if error_code(error).startswith("InvalidVpcEndpointId"):
            return None
        raise
    return endpoints[0] if endpoints else None


def owning_resource(cloudformation, endpoint_id):
    """The stack resource whose physical id is the endpoint, or None when no stack owns it."""
    try:
        resources = cloudformation.describe_stack_resources(PhysicalResourceId=endpoint_id)["StackResources"]
    except Exception as error:
        if error_code(error) == "ValidationError":  # "Stack for vpce-... does not exist"
            return None
        raise
    for resource in resources:
        if resource.get("PhysicalResourceId") == endpoint_id and resource.get("ResourceType") == ENDPOINT_TYPE:
            return resource
    if not resources:
        return None
    # More than 100 resources: DescribeStackResources returned the first 100 of the owning stack.
    stack_id = resources[0]["StackId"]
    token = None
    while True:
        page = cloudformation.list_stack_resources(StackName=stack_id, **({"NextToken": token} if token else {}))
        for summary in page["StackResourceSummaries"]:
            if summary.get("PhysicalResourceId") == endpoint_id and summary.get("ResourceType") == ENDPOINT_TYPE:
                return {"StackId": stack_id, "LogicalResourceId": summary["LogicalResourceId"]}
        token = page.get("NextToken")
        if not token:
            return None


def settled_status(cloudformation, stack_id, sleep, wait_seconds):
    """The stack's status once no operation is in progress, or the in-progress status after wait_seconds."""
    waited = 0
    while True:
        status = cloudformation.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]
        if not status.endswith("_IN_PROGRESS") or waited >= wait_seconds:
            return status
        sleep(POLL_SECONDS)
        waited += POLL_SECONDS


def policy_drifted(drift):
    """Whether CloudFormation reports the endpoint's PolicyDocument as different from the template."""
    if drift.get("StackResourceDriftStatus") != "MODIFIED":
        return False
    return any(
        difference.get("PropertyPath", "").startswith("/PolicyDocument")
        for difference in drift.get("PropertyDifferences") or []
    )


def as_policy(document):
    """A policy as a dict: EC2 returns JSON text, CloudFormation an object or JSON text."""
    if document is None or document == "":
        return None
    if isinstance(document, str):
        return json.loads(document)
    return document


def is_default_policy(policy):
    """The full-access policy a gateway endpoint gets when none is given (one Allow of * to *)."""
    if not policy:
        return True
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or len(statements) != 1:
        return False
    statement = statements[0]
    star = ("*", ["*"])
    return (
        statement.get("Effect") == "Allow"
        and statement.get("Principal") in ("*", {"AWS": "*"}, {"AWS": ["*"]})
        and statement.get("Action") in star
        and statement.get("Resource") in star
        and "Condition" not in statement
        and "NotAction" not in statement
        and "NotResource" not in statement
        and "NotPrincipal" not in statement
    )


def error_code(error):
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))
