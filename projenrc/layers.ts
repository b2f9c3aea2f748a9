/**
 * The layers of the code, bottom to top, and what each may import. Written into
 * the eslint configuration by .projenrc.ts (`import/no-restricted-paths`), so an
 * import that runs back up a layer fails the build:
 *
 *   model, cdk  <-  manifest  <-  secure  <-  sagemaker-projects  <-  monitoring  <-  generator  <-  plan, publish, site  <-  cli
 *
 * Products (products/<id>/) build on the kits only (the model, the secure kit, the
 * SageMaker project kit and the monitoring kit), through their entry files.
 */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  'src/cdk': [],
  'src/model': [],
  'src/manifest': ['src/model'],
  'src/secure': ['src/model', 'src/cdk'],
  'src/sagemaker-projects': ['src/model', 'src/secure', 'src/cdk'],
  'src/monitoring': ['src/model', 'src/secure', 'src/sagemaker-projects', 'src/cdk'],
  'src/generator': ['src/model', 'src/manifest', 'src/secure', 'src/sagemaker-projects', 'src/cdk'],
  'src/plan': ['src/model', 'src/manifest', 'src/secure', 'src/generator', 'src/cdk'],
  'src/publish': ['src/model', 'src/manifest', 'src/secure', 'src/generator', 'src/cdk'],
  'src/site': ['src/model', 'src/manifest', 'src/secure', 'src/generator'],
  'src/cli': ['src/model', 'src/manifest', 'src/secure', 'src/sagemaker-projects', 'src/generator', 'src/plan', 'src/publish', 'src/site', 'src/cdk'],
};

/** The kits products may import, each through its entry file only. */
export const PRODUCT_KITS: Readonly<Record<string, string>> = {
  'src/model': 'index.ts',
  'src/secure': 'index.ts',
  'src/sagemaker-projects': 'index.ts',
  'src/monitoring': 'index.ts',
  'src/cdk': 'context.ts',
};

interface Zone {
  readonly target: string;
  readonly from: string;
  readonly except?: string[];
  readonly message: string;
}

/** `import/no-restricted-paths` zones for LAYERS and PRODUCT_KITS. */
export function layerZones(): Zone[] {
  const layers = Object.keys(LAYERS);
  const zones: Zone[] = layers.flatMap((target) =>
    [...layers, 'products']
      .filter((from) => from !== target && !LAYERS[target].includes(from))
      .map((from) => ({
        target: `./${target}`,
        from: `./${from}`,
        message: `${target} may import only ${LAYERS[target].join(', ') || 'nothing of this project'} (projenrc/layers.ts)`,
      })),
  );
  for (const from of layers) {
    const entry = PRODUCT_KITS[from];
    zones.push({
      target: './products',
      from: `./${from}`,
      ...(entry ? { except: [`./${entry}`] } : {}),
      message: entry
        ? `products import ${from} through its entry file only (${from}/${entry}; projenrc/layers.ts)`
        : `products import only the kits: ${Object.keys(PRODUCT_KITS).join(', ')} (projenrc/layers.ts)`,
    });
  }
  return zones;
}
