// Map/reduce for the embedded hub that compiles each design-doc function once per indexing run.
// PouchDB 9's own plugin evaluates the map source in a fresh V8 context for every document
// (`vm.runInNewContext` per call, with the document inlined as JSON): about 0.4 ms a document
// here, a full core while a burst of cases is indexed. Our design docs are our own and the hub is
// admin-only, so one context per run buys the same isolation from the hub's globals at ~1 µs.
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';

type Emit = (key: unknown, value?: unknown) => void;
type MapFunction = (doc: unknown) => void;
type ReduceFunction = (keys: unknown, values: unknown[], rereduce: boolean) => unknown;

interface DesignDocLike {
  _id?: string;
  views?: Record<string, { map?: unknown; reduce?: unknown } | undefined>;
}

type AbstractMapReduceFactory = (
  localDocName: string,
  mapper: (mapFun: unknown, emit: Emit) => MapFunction,
  reducer: (reduceFun: unknown) => ReduceFunction,
  ddocValidator: (ddoc: DesignDocLike, viewName: string) => void,
) => { query: (...args: unknown[]) => unknown; viewCleanup: (...args: unknown[]) => unknown };

const require = createRequire(import.meta.url);

/** What a view function may use besides `emit`, as in CouchDB's JavaScript query server. */
function sandbox(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { log: () => undefined, isArray: Array.isArray, toJSON: JSON.parse, sum: sumOf, ...extra };
}

function sumOf(values: unknown[]): number {
  return values.reduce<number>((total, v) => total + (typeof v === 'number' ? v : 0), 0);
}

function compile<T>(source: string, context: Record<string, unknown>): T {
  return runInNewContext(`(${source.replace(/;\s*$/, '')})`, context) as T;
}

function mapper(mapFun: unknown, emit: Emit): MapFunction {
  // Temporary views may pass a real function taking (doc, emit).
  if (typeof mapFun === 'function') return (doc) => (mapFun as (d: unknown, e: Emit) => void)(doc, emit);
  return compile<MapFunction>(String(mapFun), sandbox({ emit }));
}

const BUILT_IN_REDUCES: Record<string, ReduceFunction> = {
  _count: (_keys, values) => values.length,
  _sum: (_keys, values) => sumOf(values),
  _stats: (_keys, values) => {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    return {
      sum: sumOf(numbers),
      min: Math.min(...numbers),
      max: Math.max(...numbers),
      count: numbers.length,
      sumsqr: numbers.reduce((total, n) => total + n * n, 0),
    };
  },
};

function reducer(reduceFun: unknown): ReduceFunction {
  const source = String(reduceFun).trim();
  const builtIn = BUILT_IN_REDUCES[source];
  if (builtIn !== undefined) return builtIn;
  if (source.startsWith('_')) throw new Error(`${source} is not a supported reduce function.`);
  return compile<ReduceFunction>(source, sandbox());
}

function ddocValidator(ddoc: DesignDocLike, viewName: string): void {
  if (typeof ddoc.views?.[viewName]?.map !== 'string') {
    // Shaped like PouchDB's not_found, so express-pouchdb answers 404.
    throw Object.assign(new Error(`ddoc ${ddoc._id ?? '?'} has no string view named ${viewName}`), { status: 404, name: 'not_found', error: true });
  }
}

/**
 * A PouchDB plugin replacing `query` and `viewCleanup`. It keeps PouchDB's index name (`mrviews`),
 * so indexes built before stay valid.
 */
export function compiledViewsPlugin(): { query: (...args: unknown[]) => unknown; viewCleanup: (...args: unknown[]) => unknown } {
  const create = require('pouchdb-abstract-mapreduce') as AbstractMapReduceFactory;
  const abstract = create('mrviews', mapper, reducer, ddocValidator);
  return {
    query(this: unknown, ...args: unknown[]) {
      return abstract.query.apply(this, args);
    },
    viewCleanup(this: unknown, ...args: unknown[]) {
      return abstract.viewCleanup.apply(this, args);
    },
  };
}
