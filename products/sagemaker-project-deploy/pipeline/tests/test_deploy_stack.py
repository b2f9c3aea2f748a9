"""The deploy step: as the target's deployment role, tagged with the project, the stack is created or updated through a change set."""
import json
import os
import tempfile
import unittest

import deploy_stack
from aws_cli import AwsError
from deploy_stack import DeployError

ROLE = "arn:aws:iam::222222222222:role/mlops-catalog-model-deployment"
CFN_ROLE = "arn:aws:iam::222222222222:role/mlops-catalog-model-cfn-execution"
STACK = "sagemaker-churn-p-abc123def456-staging"
ENVIRON = {
    "STACK_NAME": STACK,
    "DEPLOY_STAGE": "staging",
    "TARGET_ROLE_ARN": ROLE,
    "CLOUDFORMATION_ROLE_ARN": CFN_ROLE,
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
    """One stack as CloudFormation would report it, and every call made (with whose credentials)."""

    def __init__(self, status=None, change_set_reason=None, outcome="COMPLETE", events=()):
        self.status, self.change_set_reason, self.outcome, self.events = status, change_set_reason, outcome, list(events)
        self.log, self.change_set, self.assumed = [], None, 0

    def factory(self, env):
        return lambda *args: self.call(env and env.get("AWS_ACCESS_KEY_ID"), args)

    def call(self, key, args):
        self.log.append((key, args))
        command = args[:2]
        if command == ("sts", "assume-role"):
            self.assumed += 1
            return {"Credentials": {"AccessKeyId": f"ASIA-TARGET-{self.assumed}", "SecretAccessKey": "s", "SessionToken": "t"}}
        if command == ("cloudformation", "describe-stacks"):
            if self.status is None:
                raise AwsError(args, f"An error occurred (ValidationError): Stack with id {STACK} does not exist")
            return {"Stacks": [{"StackName": STACK, "StackStatus": self.status, "Outputs": [{"OutputKey": "EndpointName", "OutputValue": "Endpoint-abc"}]}]}
        if command == ("cloudformation", "delete-stack"):
            self.status = None
            return None
        if command == ("cloudformation", "create-change-set"):
            kind = args[args.index("--change-set-type") + 1]
            self.change_set = {"kind": kind, "execution": "AVAILABLE"}
            if kind == "CREATE":
                self.status = "REVIEW_IN_PROGRESS"
            return {"Id": "cs"}
        if command == ("cloudformation", "describe-change-set"):
            if self.change_set_reason:
                return {"Status": "FAILED", "StatusReason": self.change_set_reason, "ExecutionStatus": "UNAVAILABLE"}
            return {"Status": "CREATE_COMPLETE", "ExecutionStatus": self.change_set["execution"]}
        if command == ("cloudformation", "delete-change-set"):
            return None
        if command == ("cloudformation", "execute-change-set"):
            create = self.change_set["kind"] == "CREATE"
            self.change_set["execution"] = "EXECUTE_COMPLETE" if self.outcome == "COMPLETE" else "EXECUTE_FAILED"
            self.status = ("CREATE_" if create else "UPDATE_") + "COMPLETE" if self.outcome == "COMPLETE" else ("ROLLBACK_COMPLETE" if create else "UPDATE_ROLLBACK_COMPLETE")
            return None
        if command == ("cloudformation", "describe-stack-events"):
            return {"StackEvents": self.events}
        raise AssertionError(args)

    def calls(self, command):
        return [args for _, args in self.log if args[:2] == ("cloudformation", command)]


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
        return template, config, os.path.join(work.name, "endpoint-name")

    def deploy(self, cloudformation, clock=None, **files):
        template, config, output = self.files(**files)
        clock = clock or Clock()
        endpoint = deploy_stack.deploy(cloudformation.factory, dict(ENVIRON), template, config, output, clock=clock, sleep=clock.sleep)
        with open(output) as handle:
            self.assertEqual(handle.read(), endpoint)
        return endpoint

    def test_creates_an_absent_stack_as_the_deployment_role_tagged_with_the_project(self):
        cloudformation = FakeCloudFormation()
        self.assertEqual(self.deploy(cloudformation), "Endpoint-abc")
        key, assume = cloudformation.log[0]
        self.assertEqual((key, assume[:2]), (None, ("sts", "assume-role")))
        self.assertEqual(assume[assume.index("--role-arn") + 1], ROLE)
        self.assertEqual(assume[assume.index("--tags") + 1], "Key=sagemaker:project-id,Value=p-abc123def456")
        # Everything after the assume-role call runs with the target session's credentials.
        self.assertEqual({key for key, _ in cloudformation.log[1:]}, {"ASIA-TARGET-1"})
        [create] = cloudformation.calls("create-change-set")
        option = lambda name: create[create.index(name) + 1]
        self.assertEqual((option("--stack-name"), option("--change-set-type"), option("--role-arn")), (STACK, "CREATE", CFN_ROLE))
        self.assertTrue(option("--template-body").startswith("file://"))
        self.assertEqual(
            json.loads(option("--parameters")),
            [{"ParameterKey": "InstanceCount", "ParameterValue": "1"}, {"ParameterKey": "ModelPackageArn", "ParameterValue": CONFIGURATION["Parameters"]["ModelPackageArn"]}],
        )
        self.assertIn({"Key": "sagemaker:project-id", "Value": "p-abc123def456"}, json.loads(option("--tags")))
        self.assertEqual(len(cloudformation.calls("execute-change-set")), 1)

    def test_updates_an_existing_stack(self):
        cloudformation = FakeCloudFormation(status="UPDATE_COMPLETE")
        self.deploy(cloudformation)
        [create] = cloudformation.calls("create-change-set")
        self.assertEqual(create[create.index("--change-set-type") + 1], "UPDATE")
        self.assertEqual(cloudformation.status, "UPDATE_COMPLETE")

    def test_a_change_set_without_changes_is_a_success_that_executes_nothing(self):
        cloudformation = FakeCloudFormation(status="UPDATE_COMPLETE", change_set_reason="The submitted information didn't contain changes. Submit different information to create a change set.")
        self.assertEqual(self.deploy(cloudformation), "Endpoint-abc")
        self.assertEqual(cloudformation.calls("execute-change-set"), [])
        self.assertEqual(len(cloudformation.calls("delete-change-set")), 1)

    def test_a_stack_whose_creation_rolled_back_is_deleted_with_the_cloudformation_role_then_created(self):
        cloudformation = FakeCloudFormation(status="ROLLBACK_COMPLETE")
        self.deploy(cloudformation)
        [delete] = cloudformation.calls("delete-stack")
        self.assertEqual(delete[delete.index("--role-arn") + 1], CFN_ROLE)
        [create] = cloudformation.calls("create-change-set")
        self.assertEqual(create[create.index("--change-set-type") + 1], "CREATE")

    def test_fails_when_the_update_rolls_back_naming_the_failed_resources(self):
        events = [{"LogicalResourceId": "Endpoint", "ResourceStatus": "UPDATE_FAILED", "ResourceStatusReason": "not authorized to perform sagemaker:CreateEndpoint"}]
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

        def settles_after_an_hour(key, args):
            if clock.now > 3600 and cloudformation.status == "UPDATE_IN_PROGRESS":
                cloudformation.status = "UPDATE_COMPLETE"
            return real_call(key, args)

        cloudformation.call = settles_after_an_hour
        self.deploy(cloudformation, clock=clock)
        self.assertEqual(cloudformation.assumed, 2)
        [create] = cloudformation.calls("create-change-set")
        self.assertEqual(create[create.index("--change-set-type") + 1], "UPDATE")


if __name__ == "__main__":
    unittest.main()
