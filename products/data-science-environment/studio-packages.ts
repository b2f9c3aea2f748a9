/**
 * `pip install` in Studio from the package mirror (4.0.0): a JupyterLab
 * lifecycle configuration, the domain's default, installs `pip-mirror-login`
 * and runs it when a JupyterLab space starts. The script asks CodeArtifact for
 * a token that expires with the Studio session's own credentials
 * (durationSeconds 0: https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_GetAuthorizationToken.html)
 * and points pip's user configuration at the environment's `pypi` repository;
 * running it again in a terminal renews the token. It uses boto3 of the Studio
 * image, not the AWS CLI, and never fails the space's start: without a token pip
 * just reports 401 until `pip-mirror-login` is run.
 */
import { Fn } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { PYPI_REPOSITORY } from './package-mirror';

/** The lifecycle script; `${Domain}`, `${AWS::AccountId}` and `${AWS::Region}` are substituted at deploy time. */
export const PIP_MIRROR_LIFECYCLE_SCRIPT = `#!/bin/bash
# Data science environment: pip installs from the environment's package mirror (CodeArtifact).
set -uo pipefail
mkdir -p "$HOME/.local/bin"
cat > "$HOME/.local/bin/pip-mirror-login" <<'SCRIPT'
#!/usr/bin/env python3
"""Points pip at the environment's package mirror with a token that expires with this session's credentials."""
import subprocess
import sys

import boto3

DOMAIN, OWNER, REGION, REPOSITORY = "\${Domain}", "\${AWS::AccountId}", "\${AWS::Region}", "${PYPI_REPOSITORY}"
client = boto3.client("codeartifact", region_name=REGION)
token = client.get_authorization_token(domain=DOMAIN, domainOwner=OWNER, durationSeconds=0)["authorizationToken"]
endpoint = client.get_repository_endpoint(domain=DOMAIN, domainOwner=OWNER, repository=REPOSITORY, format="pypi")["repositoryEndpoint"]
url = endpoint.replace("https://", "https://aws:" + token + "@", 1) + "simple/"
subprocess.run([sys.executable, "-m", "pip", "config", "--user", "set", "global.index-url", url], check=True, stdout=subprocess.DEVNULL)
print("pip now installs from " + endpoint + " (run pip-mirror-login again when the token expires)")
SCRIPT
chmod 0755 "$HOME/.local/bin/pip-mirror-login"
"$HOME/.local/bin/pip-mirror-login" || echo "pip-mirror-login failed: pip has no package index until it is run again" >&2
exit 0
`;

export interface StudioPackagesProps {
  /** `<environment name>-<environment type>`: the lifecycle configuration's name and the mirror's domain. */
  readonly domainName: string;
}

export class StudioPackages extends Construct {
  public readonly lifecycleConfig: sagemaker.CfnStudioLifecycleConfig;

  constructor(scope: Construct, id: string, props: StudioPackagesProps) {
    super(scope, id);
    this.lifecycleConfig = new sagemaker.CfnStudioLifecycleConfig(this, 'PipMirror', {
      studioLifecycleConfigName: Fn.join('-', [props.domainName, 'pip-mirror']),
      studioLifecycleConfigAppType: 'JupyterLab',
      studioLifecycleConfigContent: Fn.base64(Fn.sub(PIP_MIRROR_LIFECYCLE_SCRIPT, { Domain: props.domainName })),
    });
  }
}
