"""The AWS CLI of the build image, as a function returning parsed JSON.

The builds run inside the data science environment's VPC without internet
access: no SDK is installed, the image's AWS CLI talks to the VPC endpoints.
"""
import json
import subprocess


class AwsError(RuntimeError):
    def __init__(self, args, stderr):
        super().__init__(f"aws {' '.join(args[:2])} failed: {stderr}")
        self.stderr = stderr


class AwsCli:
    """Runs `aws ...` (with extra environment variables, e.g. assumed-role credentials)."""

    def __init__(self, env=None):
        self.env = env

    def __call__(self, *args):
        completed = subprocess.run(["aws", *args, "--output", "json"], capture_output=True, text=True, env=self.env)
        if completed.returncode != 0:
            raise AwsError(args, completed.stderr.strip())
        return json.loads(completed.stdout) if completed.stdout.strip() else None
