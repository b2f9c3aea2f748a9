"""The deploy step: as the target's deployment role, tagged with the project, the stack is created or updated through a change set."""
import json
import os
import tempfile
import unittest

from botocore.exceptions import ParamValidationError

import deploy_stack
from deploy_stack import DeployError
from tests import fake_aws

STAGING = "222222222222"
ROLE = f"arn:aws:iam::{STAGING}:role/mlops-catalog-model-deployment"
CFN_ROLE = f"arn:aws:iam::{STAGING}:role/mlops-catalog-model-cfn-execution"
STACK = "sagemaker-churn-p-abc123def456-staging"
ENVIRON = {
    "STACK_NAME": STACK,
    "DEPLOY_STAGE": "staging",
    "TARGET_ACCOUNTS": STAGING,
    "TARGET_ROLE_NAME": "mlops-catalog-model-deployment",
    "CLOUDFORMATION_ROLE_NAME": "mlops-catalog-model-cfn-execution",
    "AWS_PARTITION": "aws",
    "SAGEMAKER_PROJECT_ID": "p-abc123def456",
}
CONFIGURATION = {
    "Parameters": {"ModelPackageArn": "arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3", "InstanceCount": "1"},
    "Tags": {"sagemaker:project-name": "churn", "sagemaker:project-id": "p-abc123def456", "sagemaker:deployment-stage": "staging"},
}


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class FakeCloudFormation:
    """One stack per account as CloudFormation would report it, and every call made (with whose credentials), through real boto3 clients."""

    def __init__(self, status=None, change_set_reason=None, outcome="COMPLETE", events=()):
        self.initial = status
        self.status, self.change_set_reason, self.outcome, self.events = {}, change_set_reason, outcome, list(events)
        self.log, self.change_set, self.assumed = [], {}, 0

    def clients(self, service, credentials=None):
        return fake_aws.client(service, self.call, credentials)

    def call(self, operation, params, key):
        self.log.append((key, operation, params))
        if operation == "AssumeRole":
            self.assumed += 1
            account = params["RoleArn"].split(":")[4]
            return {"Credentials": {"AccessKeyId": f"ASIA-{account}-{self.assumed}", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-11-30T12:00:00Z"}}
        account = key.split("-")[1]
        status = self.status.setdefault(account, self.initial)
        name = params.get("StackName")
        if operation == "DescribeStacks":
            if status is None:
                return ("ValidationError", f"Stack with id {name} does not exist")
            return {"Stacks": [{"StackName": name, "CreationTime": "2026-11-30T10:00:00Z", "StackStatus": status, "Outputs": [{"OutputKey": "EndpointName", "OutputValue": f"Endpoint-{account}"}]}]}
        if operation == "DeleteStack":
            self.status[account] = None
            return {}
        if operation == "CreateChangeSet":
            self.change_set[account] = {"kind": params["ChangeSetType"], "execution": "AVAILABLE"}
            if params["ChangeSetType"] == "CREATE":
                self.status[account] = "REVIEW_IN_PROGRESS"
            return {"Id": "arn:aws:cloudformation:eu-west-1:%s:changeSet/cs/1" % account}
        if operation == "DescribeChangeSet":
            if self.change_set_reason:
                return {"Status": "FAILED", "StatusReason": self.change_set_reason, "ExecutionStatus": "UNAVAILABLE"}
            return {"Status": "CREATE_COMPLETE", "ExecutionStatus": self.change_set[account]["execution"]}
        if operation == "DeleteChangeSet":
            return {}
        if operation == "ExecuteChangeSet":
            create = self.change_set[account]["kind"] == "CREATE"
            self.change_set[account]["execution"] = "EXECUTE_COMPLETE" if self.outcome == "COMPLETE" else "EXECUTE_FAILED"
            self.status[account] = ("CREATE_" if create else "UPDATE_") + "COMPLETE" if self.outcome == "COMPLETE" else ("ROLLBACK_COMPLETE" if create else "UPDATE_ROLLBACK_COMPLETE")
            return {}
        if operation == "DescribeStackEvents":
            return {"StackEvents": self.events}
        raise AssertionError(operation)

    def calls(self, operation):
        return [params for _, name, params in self.log if name == operation]


class DeployStackTest(unittest.TestCase):
    def files(self, template_bytes=2000, configuration=CONFIGURATION):
        work = tempfile.TemporaryDirectory()
        self.addCleanup(work.cleanup)
        template = os.path.join(work.name, "template.json")
        with open(template, "w") as handle:
            handle.write("{" + " " * (template_bytes - 2) + "}")
        config = os.path.join(work.name, "staging-config.json")
        with open(config, "w") as handle:
            json.dump(configuration, handle)
        return template, config, os.path.join(work.name, "endpoint-names")

    def deploy(self, cloudformation, clock=None, environ=None, **files):
        template, config, output = self.files(**files)
        clock = clock or Clock()
        endpoints = deploy_stack.deploy(cloudformation.clients, {**ENVIRON, **(environ or {})}, template, config, output, clock=clock, sleep=clock.sleep)
        with open(output) as handle:
            self.assertEqual(handle.read(), ",".join(f"{account}:{name}" for account, name in endpoints.items()))
        return endpoints

    def test_creates_an_absent_stack_as_the_deployment_role_tagged_with_the_project(self):
        cloudformation = FakeCloudFormation()
        self.assertEqual(self.deploy(cloudformation), {STAGING: f"Endpoint-{STAGING}"})
        key, operation, assume = cloudformation.log[0]
        self.assertEqual((key, operation, assume["RoleArn"]), ("ASIA-BUILD", "AssumeRole", ROLE))
        self.assertEqual(assume["Tags"], [{"Key": "sagemaker:project-id", "Value": "p-abc123def456"}])
        # Everything after the AssumeRole call runs with the target session's credentials.
        self.assertEqual({key for key, _, _ in cloudformation.log[1:]}, {f"ASIA-{STAGING}-1"})
        [create] = cloudformation.calls("CreateChangeSet")
        self.assertEqual((create["StackName"], create["ChangeSetType"], create["RoleARN"]), (STACK, "CREATE", CFN_ROLE))
        self.assertEqual(create["TemplateBody"], "{" + " " * 1998 + "}")
        self.assertEqual(
            create["Parameters"],
            [{"ParameterKey": "InstanceCount", "ParameterValue": "1"}, {"ParameterKey": "ModelPackageArn", "ParameterValue": CONFIGURATION["Parameters"]["ModelPackageArn"]}],
        )
        self.assertIn({"Key": "sagemaker:project-id", "Value": "p-abc123def456"}, create["Tags"])
        self.assertEqual(len(cloudformation.calls("ExecuteChangeSet")), 1)

    def test_deploys_to_every_account_of_the_stage_in_catalog_order_each_as_its_own_deployment_role(self):
        cloudformation = FakeCloudFormation()
        endpoints = self.deploy(cloudformation, environ={"TARGET_ACCOUNTS": f"{STAGING},555555555555"})
        self.assertEqual(list(endpoints), [STAGING, "555555555555"])
        roles = [params["RoleArn"] for params in cloudformation.calls("AssumeRole")]
        self.assertEqual(roles, [ROLE, "arn:aws:iam::555555555555:role/mlops-catalog-model-deployment"])
        self.assertEqual([params["RoleARN"] for params in cloudformation.calls("CreateChangeSet")], [CFN_ROLE, "arn:aws:iam::555555555555:role/mlops-catalog-model-cfn-execution"])

    def test_refuses_a_stage_the_catalog_lists_no_account_for_or_values_that_are_not_account_ids(self):
        for accounts, message in (("none", "the catalog lists no staging account"), ("", "the catalog lists no staging account"), ("2222,arn:aws:iam::1", "not account ids")):
            cloudformation = FakeCloudFormation()
            with self.assertRaisesRegex(DeployError, message):
                self.deploy(cloudformation, environ={"TARGET_ACCOUNTS": accounts})
            self.assertEqual(cloudformation.log, [])

    def test_updates_an_existing_stack(self):
        cloudformation = FakeCloudFormation(status="UPDATE_COMPLETE")
        self.deploy(cloudformation)
        [create] = cloudformation.calls("CreateChangeSet")
        self.assertEqual(create["ChangeSetType"], "UPDATE")
        self.assertEqual(cloudformation.status[STAGING], "UPDATE_COMPLETE")

    def test_a_change_set_without_changes_is_a_success_that_executes_nothing(self):
        cloudformation = FakeCloudFormation(status="UPDATE_COMPLETE", change_set_reason="The submitted information didn't contain changes. Submit different information to create a change set.")
        self.assertEqual(self.deploy(cloudformation), {STAGING: f"Endpoint-{STAGING}"})
        self.assertEqual(cloudformation.calls("ExecuteChangeSet"), [])
        self.assertEqual(len(cloudformation.calls("DeleteChangeSet")), 1)

    def test_a_stack_whose_creation_rolled_back_is_deleted_with_the_cloudformation_role_then_created(self):
        cloudformation = FakeCloudFormation(status="ROLLBACK_COMPLETE")
        self.deploy(cloudformation)
        [delete] = cloudformation.calls("DeleteStack")
        self.assertEqual(delete["RoleARN"], CFN_ROLE)
        [create] = cloudformation.calls("CreateChangeSet")
        self.assertEqual(create["ChangeSetType"], "CREATE")

    def test_fails_when_the_update_rolls_back_naming_the_failed_resources(self):
        events = [{"StackId": "s", "EventId": "e", "StackName": STACK, "Timestamp": "2026-11-30T10:00:00Z", "LogicalResourceId": "Endpoint", "ResourceStatus": "UPDATE_FAILED", "ResourceStatusReason": "not authorized to perform sagemaker:CreateEndpoint"}]
        cloudformation = FakeCloudFormation(status="UPDATE_COMPLETE", outcome="FAILED", events=events)
        with self.assertRaisesRegex(DeployError, "ended UPDATE_ROLLBACK_COMPLETE: Endpoint: not authorized"):
            self.deploy(cloudformation)

    def test_fails_when_the_change_set_fails_for_another_reason(self):
        cloudformation = FakeCloudFormation(status="UPDATE_COMPLETE", change_set_reason="Parameter validation failed")
        with self.assertRaisesRegex(DeployError, "failed: Parameter validation failed"):
            self.deploy(cloudformation)

    def test_refuses_a_stack_in_a_state_only_an_operator_can_clear(self):
        with self.assertRaisesRegex(DeployError, "is UPDATE_ROLLBACK_FAILED: it needs an operator"):
            self.deploy(FakeCloudFormation(status="UPDATE_ROLLBACK_FAILED"))

    def test_refuses_a_template_larger_than_create_change_set_takes_before_any_call(self):
        cloudformation = FakeCloudFormation()
        with self.assertRaisesRegex(DeployError, "51201 bytes, CreateChangeSet takes at most 51200"):
            self.deploy(cloudformation, template_bytes=51201)
        self.assertEqual(cloudformation.log, [])

    def test_refuses_the_configuration_of_another_project_or_stage(self):
        for tags in ({**CONFIGURATION["Tags"], "sagemaker:project-id": "p-zzz999yyy888"}, {**CONFIGURATION["Tags"], "sagemaker:deployment-stage": "prod"}):
            cloudformation = FakeCloudFormation()
            with self.assertRaisesRegex(DeployError, "is not the staging configuration of project p-abc123def456"):
                self.deploy(cloudformation, configuration={**CONFIGURATION, "Tags": tags})
            self.assertEqual(cloudformation.log, [])

    def test_refuses_a_configuration_that_is_not_strings(self):
        with self.assertRaisesRegex(DeployError, "not a template configuration"):
            self.deploy(FakeCloudFormation(), configuration={**CONFIGURATION, "Parameters": {"InstanceCount": 1}})

    def test_waits_for_a_stack_still_in_progress_and_renews_the_session_before_it_expires(self):
        cloudformation = FakeCloudFormation(status="UPDATE_IN_PROGRESS")
        clock = Clock()
        real_call = cloudformation.call

        def settles_after_an_hour(operation, params, key):
            if clock.now > 3600 and cloudformation.status.get(STAGING) == "UPDATE_IN_PROGRESS":
                cloudformation.status[STAGING] = "UPDATE_COMPLETE"
            return real_call(operation, params, key)

        cloudformation.call = settles_after_an_hour
        self.deploy(cloudformation, clock=clock)
        self.assertEqual(cloudformation.assumed, 2)
        [create] = cloudformation.calls("CreateChangeSet")
        self.assertEqual(create["ChangeSetType"], "UPDATE")

    def test_the_sdk_refuses_a_call_the_service_model_does_not_allow(self):
        # The fake clients check parameters as boto3 does before sending: a misspelt parameter fails here, not in AWS.
        cloudformation = FakeCloudFormation()
        with self.assertRaises(ParamValidationError):
            cloudformation.clients("cloudformation").describe_stacks(StackNames=STACK)


if __name__ == "__main__":
    unittest.main()
