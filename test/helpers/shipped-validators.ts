import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Rollup } from 'vite';
import { standaloneValidators } from '../../client/standalone-validators.ts';

/** Validators as a browser build ships them: the bundled code, and that code loaded as a module. */
export interface ShippedValidators<M> {
  readonly code: string;
  readonly shipped: M;
  remove(): Promise<void>;
}

/**
 * Bundles a module of run-time validators the way Vite bundles the consoles (with our
 * `standaloneValidators` plugin, which generates their code at build time), writes the bundle to
 * a temporary folder and imports it, so a test can judge samples with what the browser runs.
 */
export async function buildShippedValidators<M>(runtimeValidatorsFile: string, tempPrefix: string): Promise<ShippedValidators<M>> {
  const entry = `\0shipped-validators:${runtimeValidatorsFile}`;
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [
      { name: 'test-entry', resolveId: (id) => (id === entry ? entry : null), load: (id) => (id === entry ? `export * from ${JSON.stringify(runtimeValidatorsFile)};` : null) },
      standaloneValidators(),
    ],
    build: { write: false, minify: false, rollupOptions: { input: entry, preserveEntrySignatures: 'strict', output: { format: 'es' } } },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : [])).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  const code = chunks.map((c) => c.code).join('\n');
  const dir = await mkdtemp(join(tmpdir(), tempPrefix));
  const file = join(dir, 'validators.mjs');
  await writeFile(file, code);
  const shipped = (await import(pathToFileURL(file).href)) as M;
  return { code, shipped, remove: () => rm(dir, { recursive: true, force: true }) };
}
