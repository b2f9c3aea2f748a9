"""The AWS clients of the deploy project's builds: the AWS SDK for Python (boto3).

Installed by the buildspecs from the environment's package mirror, pinned in
requirements.txt. Every script takes `clients(service, credentials=None)`, so a
test hands it real boto3 clients that answer offline (botocore's Stubber).
"""
import boto3


def boto3_clients():
    """`clients(service, credentials=None)`: a boto3 client, as the build's role or with assumed-role credentials."""

    def clients(service, credentials=None):
        if credentials is None:
            return boto3.client(service)
        return boto3.client(
            service,
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
        )

    return clients
