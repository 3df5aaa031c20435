import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { Plugin } from 'vite';
import { ADMIN_ANSWER_NAMES, ADMIN_ANSWER_SCHEMAS } from '../schemas/api/admin-answers.schema.ts';
import { ANSWER_SCHEMAS, CONSOLE_ANSWER_NAMES, SESSION_ANSWER_NAMES } from '../schemas/api/answer-schemas.ts';

/** The module the consoles import their validators from; in Node it compiles them at run time. */
const RUNTIME_VALIDATORS = fileURLToPath(new URL('../schemas/api/answer-validators.ts', import.meta.url));
const SCHEMA_PROBLEMS = fileURLToPath(new URL('../schemas/api/schema-problems.ts', import.meta.url));
const VIRTUAL_ID = '\0liandong:standalone-answer-validators';

/**
 * The shell's validators (sign-in answer, stored session, refusal) in a module of their own: the
 * sign-in form's start-up carries these three, not the console's answers.
 */
const SESSION_RUNTIME_VALIDATORS = fileURLToPath(new URL('../schemas/api/session-answer-validators.ts', import.meta.url));
const SESSION_VIRTUAL_ID = '\0liandong:standalone-session-answer-validators';

/**
 * The administration console's validators, the same way but a module of their own: only that
 * console imports it, so they travel in its lazily loaded chunk, not in every station's start-up.
 */
const ADMIN_RUNTIME_VALIDATORS = fileURLToPath(new URL('../schemas/api/admin-answer-validators.ts', import.meta.url));
const ADMIN_VIRTUAL_ID = '\0liandong:standalone-admin-answer-validators';

/** One generated module: the runtime module it stands in for, its export's name, and its schemas. */
interface GeneratedValidators {
  readonly exportName: string;
  readonly names: readonly string[];
  readonly schemas: Readonly<Record<string, object>>;
}

const GENERATED: ReadonlyMap<string, { readonly runtime: string } & GeneratedValidators> = new Map([
  [SESSION_VIRTUAL_ID, { runtime: SESSION_RUNTIME_VALIDATORS, exportName: 'sessionAnswerValidators', names: SESSION_ANSWER_NAMES, schemas: ANSWER_SCHEMAS }],
  [VIRTUAL_ID, { runtime: RUNTIME_VALIDATORS, exportName: 'answerValidators', names: CONSOLE_ANSWER_NAMES, schemas: ANSWER_SCHEMAS }],
  [ADMIN_VIRTUAL_ID, { runtime: ADMIN_RUNTIME_VALIDATORS, exportName: 'adminAnswerValidators', names: ADMIN_ANSWER_NAMES, schemas: ADMIN_ANSWER_SCHEMAS }],
]);

/**
 * The consoles' validators as JavaScript, generated from `ANSWER_SCHEMAS` (or the administration's)
 * with Ajv's standalone code: the same two exports as the run-time module it replaces (e.g.
 * `schemas/api/answer-validators.ts`: `answerValidators`, `schemaProblems`), with no Ajv compiler
 * and no `new Function` in the browser.
 */
export function standaloneValidatorsModule(which: GeneratedValidators): string {
  const { exportName, names, schemas } = which;
  // The options of `schemas/api/answer-validators.ts`, so both check the same way.
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  for (const name of names) {
    const schema = schemas[name];
    if (schema !== undefined) ajv.addSchema(schema, name);
  }
  const generated = standaloneCode(ajv, Object.fromEntries(names.map((name) => [`${name}Validate`, name])));
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
    `export const ${exportName} = { ${names.map((name) => `${name}: () => ${name}Validate`).join(', ')} };`,
    'export function schemaProblems(validate) { return describeProblems(validate.errors); }',
    '',
  ].join('\n');
}

/**
 * A Vite plugin for the consoles' build: every import of `schemas/api/answer-validators.ts` (and
 * of `session-answer-validators.ts` and `admin-answer-validators.ts`) gets the generated validators instead, so the shipped code runs under a Content-Security-Policy
 * without 'unsafe-eval', and the bundle carries no Ajv compiler.
 */
export function standaloneValidators(): Plugin {
  return {
    name: 'liandong-standalone-validators',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.endsWith('answer-validators.ts')) return null;
      const path = isAbsolute(source) ? source : importer === undefined ? null : resolve(dirname(importer), source);
      return [...GENERATED].find(([, module]) => module.runtime === path)?.[0] ?? null;
    },
    load(id) {
      const module = GENERATED.get(id);
      return module === undefined ? null : standaloneValidatorsModule(module);
    },
  };
}
