/**
 * The commands of the deploy project's builds, written into the product template
 * (each build project's inline `BuildSpec`), never read from the project
 * repository: whoever can push to the repository changes data (the stage
 * settings, the smoke test's sample rows), not what the builds run, nor the
 * checks that guard production.
 *
 * - The scripts (pipeline/*.py of this product) are written to a fresh folder
 *   outside the source with quoted here-documents and run with `python3 -E -s`
 *   from there: no PYTHON* variable, user site or repository file is on the
 *   import path, and the repository is only an argument to read data from.
 * - The endpoint template travels base64-encoded in its build's buildspec and is
 *   written out only if its sha256 is the one pinned in the product; the deploy
 *   step checks it against the same sha256 before it deploys it.
 * - Outputs go to a folder the build empties first, so no file committed to the
 *   repository can pass for an output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { EndpointTemplate } from './endpoint-template';
import { PACKAGE_MIRROR_LOGIN } from '../../src/sagemaker-projects';

/** The product's own scripts. */
export const PIPELINE_DIRECTORY = path.join(__dirname, 'pipeline');

/** Parameters of the endpoint template a stage may never set: the model source (the build sets the approved package). */
export const MODEL_SOURCE_PARAMETERS = ['ModelPackageArn', 'ModelDataUrl', 'ImageUri'] as const;

/** Folder (in the source folder, emptied first) each build writes its output artifact to. */
export const OUTPUT_DIRECTORY = '.product-output';

const SCRIPTS = '/tmp/product-pipeline';
const END_OF_FILE = 'PRODUCT_FILE_EOF';

/** Parameters a stage's settings may set: everything the template declares but the model source and the values it reads from SSM. */
export function settableParameters(template: EndpointTemplate): string[] {
  const parameters = (JSON.parse(template.text) as { Parameters?: Record<string, { Type?: string }> }).Parameters ?? {};
  return Object.entries(parameters)
    .filter(([name, parameter]) => !(MODEL_SOURCE_PARAMETERS as readonly string[]).includes(name) && !String(parameter.Type).startsWith('AWS::SSM::Parameter::'))
    .map(([name]) => name)
    .sort();
}

/** The build writing the endpoint template the deploy actions use: the product's bytes, checked against the pinned sha256. */
export function endpointTemplateBuildSpec(template: EndpointTemplate): string {
  const base64 = Buffer.from(template.text, 'utf8').toString('base64').replace(/.{1,76}/g, '$&\n');
  return buildSpec({
    commands: [
      `rm -rf "${OUTPUT_DIRECTORY}" && mkdir "${OUTPUT_DIRECTORY}"`,
      hereDocument(`base64 -d > "${OUTPUT_DIRECTORY}/template.json"`, base64),
      `echo "${template.sha256}  ${OUTPUT_DIRECTORY}/template.json" | sha256sum --check --strict -`,
    ],
    files: ['template.json'],
  });
}

/** The build writing one template configuration per stage (pipeline/stage_parameters.py). */
export function stageParametersBuildSpec(): string {
  return buildSpec({
    commands: [
      `rm -rf "${OUTPUT_DIRECTORY}" && mkdir "${OUTPUT_DIRECTORY}"`,
      ...scriptFiles(['stage_parameters.py']),
      ...sdkInstall(),
      `(cd ${SCRIPTS} && python3 -E -s -B stage_parameters.py "$CODEBUILD_SRC_DIR" "$CODEBUILD_SRC_DIR/${OUTPUT_DIRECTORY}")`,
    ],
    files: ['staging-config.json', 'prod-config.json'],
  });
}

/** CreateChangeSet's limit on `TemplateBody` (the deploy step passes the template inline). */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;

/** The CodePipeline variable the deploy step exports: `<account>:<endpoint name>` of each target account, for the smoke test. */
export const ENDPOINT_NAMES_VARIABLE = 'EndpointNames';

/**
 * The AWS SDK for Python every script uses (pipeline/requirements.txt, exact versions, installed
 * without dependencies: every one is listed): installed from the data science environment's package
 * mirror into the scripts' folder, which is the first entry of their import path. The builds that
 * install it need the project's `packageMirror`.
 */
export const SDK_REQUIREMENTS = 'requirements.txt';

function sdkInstall(): string[] {
  return [
    hereDocument(`cat > ${SCRIPTS}/${SDK_REQUIREMENTS}`, fs.readFileSync(path.join(PIPELINE_DIRECTORY, SDK_REQUIREMENTS), 'utf8')),
    PACKAGE_MIRROR_LOGIN,
    `python3 -m pip install --quiet --disable-pip-version-check --no-deps --target ${SCRIPTS} -r ${SCRIPTS}/${SDK_REQUIREMENTS}`,
  ];
}

/**
 * The deploy step of one stage (pipeline/deploy_stack.py): its primary input is the EndpointTemplate
 * build's output, checked again against the pinned sha256 (it went through the artifact bucket), its
 * secondary input the StageParameters build's output. The action sets DEPLOY_STAGE, the stage's
 * accounts and the target roles' names; the endpoints' names are exported as a CodePipeline variable.
 */
export function deployBuildSpec(template: EndpointTemplate, stageParametersArtifact: string): string {
  const size = Buffer.byteLength(template.text, 'utf8');
  if (size > MAX_TEMPLATE_BODY_BYTES) {
    throw new Error(
      `the endpoint template has ${size} bytes, CreateChangeSet takes a TemplateBody of at most ${MAX_TEMPLATE_BODY_BYTES}: ` +
        'the deploy step would need a TemplateURL (an S3 object the target account can read)',
    );
  }
  const output = `${SCRIPTS}/endpoint-names`;
  return buildSpec({
    commands: [
      `echo "${template.sha256}  $CODEBUILD_SRC_DIR/template.json" | sha256sum --check --strict -`,
      ...scriptFiles(['deploy_stack.py']),
      ...sdkInstall(),
      `(cd ${SCRIPTS} && python3 -E -s -B deploy_stack.py "$CODEBUILD_SRC_DIR/template.json" "$CODEBUILD_SRC_DIR_${stageParametersArtifact}/$DEPLOY_STAGE-config.json" "${output}")`,
      `export ${ENDPOINT_NAMES_VARIABLE}="$(cat ${output})"`,
    ],
    exportedVariables: [ENDPOINT_NAMES_VARIABLE],
  });
}

/** The smoke test of the staging endpoint (pipeline/smoke_test.py); it outputs nothing. */
export function smokeTestBuildSpec(): string {
  return buildSpec({
    commands: [...scriptFiles(['smoke_test.py']), ...sdkInstall(), `(cd ${SCRIPTS} && python3 -E -s -B smoke_test.py "$CODEBUILD_SRC_DIR")`],
  });
}

/** The scripts' shared module: their boto3 clients. */
export const SHARED_SCRIPTS = ['aws_clients.py'] as const;

/** A fresh scripts folder with the named scripts and the shared modules they import. */
function scriptFiles(names: readonly string[]): string[] {
  return [
    `rm -rf ${SCRIPTS} && mkdir -p ${SCRIPTS}`,
    ...[...SHARED_SCRIPTS, ...names].map((name) => hereDocument(`cat > ${SCRIPTS}/${name}`, fs.readFileSync(path.join(PIPELINE_DIRECTORY, name), 'utf8'))),
  ];
}

/** `command <<'EOF'` with `text` as its input, nothing in it expanded. */
function hereDocument(command: string, text: string): string {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (body.split('\n').includes(END_OF_FILE)) throw new Error(`a file written by a buildspec contains the line ${END_OF_FILE}`);
  // The delimiter line ends with a newline too, as bash reads here-documents line by line.
  return `${command} <<'${END_OF_FILE}'\n${body}${END_OF_FILE}\n`;
}

interface BuildSpecParts {
  readonly commands: readonly string[];
  readonly files?: readonly string[];
  readonly exportedVariables?: readonly string[];
}

function buildSpec(spec: BuildSpecParts): string {
  return stringify(
    {
      version: 0.2,
      // Version 0.2 runs a phase's commands in one shell, so a variable exported by one is there at the end.
      env: { shell: 'bash', ...(spec.exportedVariables ? { 'exported-variables': [...spec.exportedVariables] } : {}) },
      phases: { build: { commands: [...spec.commands] } },
      ...(spec.files ? { artifacts: { 'base-directory': OUTPUT_DIRECTORY, 'files': [...spec.files] } } : {}),
    },
    { lineWidth: 0 },
  );
}
