"""The endpoint-policy runbook's decisions, against stub EC2 and CloudFormation clients (no AWS, no boto3).

Runs under pytest and under `python3 -m unittest discover -s tests -t .` (how the jest suite runs it,
test/products/environment-monitoring-runbook.test.ts), standard library only.
"""
import json
import unittest

import restore_endpoint_policy as runbook

WATCHED_VPC = "vpc-0a1b2c3d4e5f60000"
OTHER_VPC = "vpc-0fedcba9876543210"
ENDPOINT = "vpce-0a1b2c3d4e5f67890"
STACK = "arn:aws:cloudformation:eu-west-1:111111111111:stack/SC-111111111111-pp-abcdefgh/0a1b2c3d"
TEMPLATE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "OnlyThisAccount",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalAccount": "111111111111"}},
        }
    ],
}
TAMPERED_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
DEFAULT_POLICY_TEXT = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'


class ClientError(Exception):
    """The shape of botocore's ClientError the runbook reads (response.Error.Code)."""

    def __init__(self, code):
        super().__init__(code)
        self.response = {"Error": {"Code": code, "Message": code}}


class StubEc2:
    def __init__(self, vpc=WATCHED_VPC, policy=TAMPERED_POLICY, kind="Interface", missing=False):
        self.endpoint = {"VpcEndpointId": ENDPOINT, "VpcId": vpc, "VpcEndpointType": kind}
        if policy is not None:
            self.endpoint["PolicyDocument"] = policy if isinstance(policy, str) else json.dumps(policy)
        self.missing = missing
        self.modified = []

    def describe_vpc_endpoints(self, VpcEndpointIds):
        assert VpcEndpointIds == [ENDPOINT]
        if self.missing:
            raise ClientError("InvalidVpcEndpointId.NotFound")
        return {"VpcEndpoints": [dict(self.endpoint)]}

    def modify_vpc_endpoint(self, **request):
        self.modified.append(request)
        if "PolicyDocument" in request:
            self.endpoint["PolicyDocument"] = request["PolicyDocument"]
        if request.get("ResetPolicy"):
            self.endpoint["PolicyDocument"] = DEFAULT_POLICY_TEXT
        return {"Return": True}


class StubCloudFormation:
    def __init__(self, ec2, expected=TEMPLATE_POLICY, owned=True, statuses=("UPDATE_COMPLETE",), first_page_only_others=False):
        self.ec2, self.expected, self.owned = ec2, expected, owned
        self.statuses = list(statuses)
        self.first_page_only_others = first_page_only_others
        self.calls = []

    def describe_stack_resources(self, PhysicalResourceId):
        self.calls.append(("DescribeStackResources", PhysicalResourceId))
        if not self.owned:
            raise ClientError("ValidationError")
        others = [{"StackId": STACK, "LogicalResourceId": f"Other{i}", "PhysicalResourceId": f"other-{i}", "ResourceType": "AWS::SSM::Parameter"} for i in range(100)]
        if self.first_page_only_others:
            return {"StackResources": others}
        endpoint = {"StackId": STACK, "LogicalResourceId": "NetworkSageMakerApiEndpoint8722F863", "PhysicalResourceId": ENDPOINT, "ResourceType": runbook.ENDPOINT_TYPE}
        return {"StackResources": others[:3] + [endpoint]}

    def list_stack_resources(self, StackName, NextToken=None):
        self.calls.append(("ListStackResources", StackName, NextToken))
        assert StackName == STACK
        if NextToken is None:
            return {"StackResourceSummaries": [{"LogicalResourceId": "Bucket", "PhysicalResourceId": "b", "ResourceType": "AWS::S3::Bucket"}], "NextToken": "2"}
        return {"StackResourceSummaries": [{"LogicalResourceId": "NetworkS3Endpoint635CABAC", "PhysicalResourceId": ENDPOINT, "ResourceType": runbook.ENDPOINT_TYPE}]}

    def describe_stacks(self, StackName):
        self.calls.append(("DescribeStacks", StackName))
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return {"Stacks": [{"StackId": STACK, "StackStatus": status}]}

    def detect_stack_resource_drift(self, StackName, LogicalResourceId):
        """As CloudFormation answers: the template's properties, the resource's, and where they differ."""
        self.calls.append(("DetectStackResourceDrift", StackName, LogicalResourceId))
        expected = {"VpcEndpointType": self.ec2.endpoint["VpcEndpointType"], "VpcId": WATCHED_VPC}
        if self.expected is not None:
            expected["PolicyDocument"] = self.expected
        actual = dict(expected)
        text = self.ec2.endpoint.get("PolicyDocument")
        if self.expected is not None:
            actual["PolicyDocument"] = json.loads(text) if text else None
        differs = self.expected is not None and actual["PolicyDocument"] != self.expected
        drift = {
            "StackId": StackName,
            "LogicalResourceId": LogicalResourceId,
            "ResourceType": runbook.ENDPOINT_TYPE,
            "ExpectedProperties": json.dumps(expected),
            "ActualProperties": json.dumps(actual),
            "StackResourceDriftStatus": "MODIFIED" if differs else "IN_SYNC",
        }
        if differs:
            drift["PropertyDifferences"] = [{"PropertyPath": "/PolicyDocument/Statement/0/Condition", "DifferenceType": "REMOVE"}]
        return {"StackResourceDrift": drift}


def run(ec2, cloudformation, **options):
    slept = []
    outcome = runbook.restore(ec2, cloudformation, ENDPOINT, WATCHED_VPC, sleep=slept.append, **options)
    return outcome, slept


class RestoreEndpointPolicyTest(unittest.TestCase):
    def test_an_endpoint_of_another_vpc_is_left_alone_without_asking_cloudformation(self):
        ec2 = StubEc2(vpc=OTHER_VPC)
        cloudformation = StubCloudFormation(ec2)
        outcome, _ = run(ec2, cloudformation)
        self.assertEqual(outcome["Outcome"], "OtherVpc")
        self.assertEqual(outcome["VpcId"], OTHER_VPC)
        self.assertEqual(ec2.modified, [])
        self.assertEqual(cloudformation.calls, [])

    def test_a_policy_equal_to_the_template_is_left_alone(self):
        ec2 = StubEc2(policy=TEMPLATE_POLICY)
        outcome, _ = run(ec2, StubCloudFormation(ec2))
        self.assertEqual(outcome["Outcome"], "InSync")
        self.assertEqual(outcome["DriftStatus"], "IN_SYNC")
        self.assertEqual(ec2.modified, [])

    def test_a_tampered_policy_is_restored_to_the_template_value_of_the_owning_stack(self):
        ec2 = StubEc2(policy=TAMPERED_POLICY)
        cloudformation = StubCloudFormation(ec2)
        outcome, _ = run(ec2, cloudformation)
        self.assertEqual(outcome["Outcome"], "Restored")
        self.assertEqual(outcome["StackId"], STACK)
        self.assertEqual(outcome["LogicalResourceId"], "NetworkSageMakerApiEndpoint8722F863")
        self.assertEqual(len(ec2.modified), 1)
        self.assertEqual(set(ec2.modified[0]), {"VpcEndpointId", "PolicyDocument"})
        self.assertEqual(ec2.modified[0]["VpcEndpointId"], ENDPOINT)
        self.assertEqual(json.loads(ec2.modified[0]["PolicyDocument"]), TEMPLATE_POLICY)
        self.assertIn(("DetectStackResourceDrift", STACK, "NetworkSageMakerApiEndpoint8722F863"), cloudformation.calls)

    def test_its_own_restore_firing_the_rule_again_ends_the_chain(self):
        ec2 = StubEc2(policy=TAMPERED_POLICY)
        first, _ = run(ec2, StubCloudFormation(ec2))
        second, _ = run(ec2, StubCloudFormation(ec2))
        self.assertEqual([first["Outcome"], second["Outcome"]], ["Restored", "InSync"])
        self.assertEqual(len(ec2.modified), 1)

    def test_nothing_is_written_when_cloudformation_sees_no_policy_drift(self):
        # A rendering difference CloudFormation does not count as drift (e.g. a string for a one-element list).
        ec2 = StubEc2(policy=TAMPERED_POLICY)
        cloudformation = StubCloudFormation(ec2)
        detect = cloudformation.detect_stack_resource_drift

        def in_sync(**request):
            drift = detect(**request)
            drift["StackResourceDrift"]["StackResourceDriftStatus"] = "IN_SYNC"
            drift["StackResourceDrift"].pop("PropertyDifferences", None)
            return drift

        cloudformation.detect_stack_resource_drift = in_sync
        outcome, _ = run(ec2, cloudformation)
        self.assertEqual(outcome["Outcome"], "InSync")
        self.assertEqual(ec2.modified, [])

    def test_a_gateway_endpoint_without_a_template_policy_is_reset_to_the_default(self):
        ec2 = StubEc2(policy={**TAMPERED_POLICY, "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}, kind="Gateway")
        outcome, _ = run(ec2, StubCloudFormation(ec2, expected=None))
        self.assertEqual(outcome["Outcome"], "Reset")
        self.assertEqual(ec2.modified, [{"VpcEndpointId": ENDPOINT, "ResetPolicy": True}])
        # ... and its own reset firing the rule again changes nothing.
        again, _ = run(ec2, StubCloudFormation(ec2, expected=None))
        self.assertEqual(again["Outcome"], "InSync")
        self.assertEqual(len(ec2.modified), 1)

    def test_a_gateway_endpoint_with_the_default_policy_and_none_in_the_template_is_left_alone(self):
        for default in (DEFAULT_POLICY_TEXT, '{"Version":"2008-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'):
            ec2 = StubEc2(policy=default, kind="Gateway")
            outcome, _ = run(ec2, StubCloudFormation(ec2, expected=None))
            self.assertEqual(outcome["Outcome"], "InSync")
            self.assertEqual(ec2.modified, [])

    def test_an_interface_endpoint_without_a_template_policy_is_left_alone(self):
        ec2 = StubEc2(policy=TAMPERED_POLICY, kind="Interface")
        outcome, _ = run(ec2, StubCloudFormation(ec2, expected=None))
        self.assertEqual(outcome["Outcome"], "NoTemplatePolicy")
        self.assertEqual(ec2.modified, [])

    def test_an_endpoint_no_stack_owns_is_left_alone_and_says_so(self):
        ec2 = StubEc2()
        cloudformation = StubCloudFormation(ec2, owned=False)
        outcome, _ = run(ec2, cloudformation)
        self.assertEqual(outcome, {"VpcEndpointId": ENDPOINT, "VpcId": WATCHED_VPC, "Outcome": "NotOwnedByAStack"})
        self.assertEqual(ec2.modified, [])

    def test_an_endpoint_that_no_longer_exists_is_left_alone(self):
        ec2 = StubEc2(missing=True)
        outcome, _ = run(ec2, StubCloudFormation(ec2))
        self.assertEqual(outcome, {"VpcEndpointId": ENDPOINT, "Outcome": "EndpointNotFound"})

    def test_other_errors_are_not_swallowed(self):
        ec2 = StubEc2()
        cloudformation = StubCloudFormation(ec2)

        def denied(**_):
            raise ClientError("AccessDenied")

        cloudformation.describe_stack_resources = denied
        with self.assertRaises(ClientError):
            run(ec2, cloudformation)

    def test_the_owner_is_found_beyond_the_first_hundred_resources(self):
        ec2 = StubEc2(policy=TAMPERED_POLICY)
        cloudformation = StubCloudFormation(ec2, first_page_only_others=True)
        outcome, _ = run(ec2, cloudformation)
        self.assertEqual(outcome["LogicalResourceId"], "NetworkS3Endpoint635CABAC")
        self.assertEqual(outcome["Outcome"], "Restored")
        self.assertEqual([c[2] for c in cloudformation.calls if c[0] == "ListStackResources"], [None, "2"])

    def test_it_waits_for_a_stack_update_and_then_reads_the_new_template(self):
        # The update wrote the new policy itself; once the stack settles the template says the same: nothing to do.
        ec2 = StubEc2(policy=TEMPLATE_POLICY)
        cloudformation = StubCloudFormation(ec2, statuses=("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"))
        outcome, slept = run(ec2, cloudformation)
        self.assertEqual(outcome["Outcome"], "InSync")
        self.assertEqual(outcome["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(slept, [runbook.POLL_SECONDS, runbook.POLL_SECONDS])
        drift_calls = [i for i, c in enumerate(cloudformation.calls) if c[0] == "DetectStackResourceDrift"]
        last_status = max(i for i, c in enumerate(cloudformation.calls) if c[0] == "DescribeStacks")
        self.assertGreater(drift_calls[0], last_status)

    def test_a_stack_still_busy_after_the_wait_is_left_alone(self):
        ec2 = StubEc2(policy=TAMPERED_POLICY)
        cloudformation = StubCloudFormation(ec2, statuses=("UPDATE_IN_PROGRESS",))
        outcome, slept = run(ec2, cloudformation, wait_seconds=60)
        self.assertEqual(outcome["Outcome"], "StackNotSettled")
        self.assertEqual(outcome["StackStatus"], "UPDATE_IN_PROGRESS")
        self.assertEqual(sum(slept), 60)
        self.assertEqual(ec2.modified, [])
        self.assertNotIn("DetectStackResourceDrift", [c[0] for c in cloudformation.calls])

    def test_a_stack_that_failed_or_was_deleted_is_left_alone(self):
        for status in ("ROLLBACK_COMPLETE", "DELETE_COMPLETE", "UPDATE_ROLLBACK_FAILED"):
            ec2 = StubEc2(policy=TAMPERED_POLICY)
            outcome, _ = run(ec2, StubCloudFormation(ec2, statuses=(status,)))
            self.assertEqual((status, outcome["Outcome"]), (status, "StackNotSettled"))
            self.assertEqual(ec2.modified, [])

    def test_the_handler_reads_the_document_inputs(self):
        import sys
        import types

        calls = []
        original, saved = runbook.restore, sys.modules.get("boto3")
        runbook.restore = lambda ec2, cfn, endpoint, vpc: calls.append((endpoint, vpc)) or {"Outcome": "stub"}
        try:
            sys.modules["boto3"] = types.SimpleNamespace(client=lambda name: name)
            self.assertEqual(runbook.handler({"VpcEndpointId": ENDPOINT, "WatchedVpcId": WATCHED_VPC}, None), {"Outcome": "stub"})
        finally:
            runbook.restore = original
            if saved is None:
                sys.modules.pop("boto3", None)
            else:
                sys.modules["boto3"] = saved
        self.assertEqual(calls, [(ENDPOINT, WATCHED_VPC)])


if __name__ == "__main__":
    unittest.main()
