/**
 * The endpoint every deploy project deploys: the sagemaker-endpoint product's
 * template, synthesized from the same class with the same catalog context as the
 * generator does, so the bytes equal the published product's template. It travels
 * in the deploy project's EndpointTemplate build project (buildspecs.ts), which
 * writes it out only if its sha256 is the one pinned here; the deploy actions
 * take the template from that build, never from the project repository.
 *
 * Why ship the template rather than provision the published Service Catalog
 * product in the target account: the deploy project's version then pins the
 * endpoint version (a released deploy version keeps deploying the endpoint it was
 * tested with); the target accounts need no portfolio share, launch constraint or
 * Service Catalog permissions for the pipeline; and the endpoint is still the one
 * definition, reviewed and rule-pack checked once, in products/sagemaker-endpoint.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CDK_CONTEXT, FIXED_CONTEXT } from '../../src/cdk/context';
import type { ProductContext } from '../../src/secure';
import { SageMakerEndpointProduct } from '../sagemaker-endpoint';

/** The endpoint product's id in the catalog: its template names it. */
export const ENDPOINT_PRODUCT_ID = 'sagemaker-endpoint';

export interface EndpointTemplate {
  /** The template file's exact text. */
  readonly text: string;
  readonly sha256: string;
}

/** Synthesizes the endpoint product's template for the catalog of `context`. */
export function endpointTemplate(context: ProductContext): EndpointTemplate {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-endpoint-template-'));
  try {
    const app = new App({ outdir, context: { ...CDK_CONTEXT }, postCliContext: { ...FIXED_CONTEXT } });
    new SageMakerEndpointProduct(app, ENDPOINT_PRODUCT_ID, {
      context: { ...context, productId: ENDPOINT_PRODUCT_ID, kind: 'standard' },
    });
    const file = app.synth().getStackArtifact(ENDPOINT_PRODUCT_ID).templateFullPath;
    const text = fs.readFileSync(file, 'utf8');
    return { text, sha256: crypto.createHash('sha256').update(text).digest('hex') };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
