import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { Plugin } from 'vite';
import { ANSWER_NAMES, ANSWER_SCHEMAS } from '../schemas/api/answer-schemas.ts';

/** The module the consoles import their validators from; in Node it compiles them at run time. */
const RUNTIME_VALIDATORS = fileURLToPath(new URL('../schemas/api/answer-validators.ts', import.meta.url));
const SCHEMA_PROBLEMS = fileURLToPath(new URL('../schemas/api/schema-problems.ts', import.meta.url));
const VIRTUAL_ID = '\0liandong:standalone-answer-validators';

/**
 * The consoles' validators as JavaScript, generated from `ANSWER_SCHEMAS` with Ajv's standalone
 * code: the same two exports as `schemas/api/answer-validators.ts` (`answerValidators`,
 * `schemaProblems`), with no Ajv compiler and no `new Function` in the browser.
 */
export function standaloneValidatorsModule(): string {
  // The options of `schemas/api/answer-validators.ts`, so both check the same way.
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  for (const name of ANSWER_NAMES) ajv.addSchema(ANSWER_SCHEMAS[name], name);
  const generated = standaloneCode(ajv, Object.fromEntries(ANSWER_NAMES.map((name) => [`${name}Validate`, name])));
  // Ajv writes its few run-time helpers (string length, deep equality) as CommonJS requires even
  // in ESM output; the bundle imports them instead.
  const imports: string[] = [];
  const code = generated.replace(/const (\w+) = require\("(ajv\/dist\/runtime\/\w+)"\)\.default;/g, (_match, local: string, path: string) => {
    imports.push(`import ${local} from ${JSON.stringify(`${path}.js`)};`);
    return '';
  });
  if (/\brequire\(/.test(code)) throw new Error('standalone validators: Ajv generated a require() this plugin does not know; extend the rewrite above');
  return [
    ...imports,
    `import { describeProblems } from ${JSON.stringify(SCHEMA_PROBLEMS)};`,
    code,
    `export const answerValidators = { ${ANSWER_NAMES.map((name) => `${name}: () => ${name}Validate`).join(', ')} };`,
    'export function schemaProblems(validate) { return describeProblems(validate.errors); }',
    '',
  ].join('\n');
}

/**
 * A Vite plugin for the consoles' build: every import of `schemas/api/answer-validators.ts` gets
 * the generated validators instead, so the shipped code runs under a Content-Security-Policy
 * without 'unsafe-eval', and the bundle carries no Ajv compiler.
 */
export function standaloneValidators(): Plugin {
  return {
    name: 'liandong-standalone-validators',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.endsWith('answer-validators.ts')) return null;
      const path = isAbsolute(source) ? source : importer === undefined ? null : resolve(dirname(importer), source);
      return path === RUNTIME_VALIDATORS ? VIRTUAL_ID : null;
    },
    load(id) {
      return id === VIRTUAL_ID ? standaloneValidatorsModule() : null;
    },
  };
}
