import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopNetworkBounded } from '../helpers/raw-cases.ts';
import { httpRequest, type RawHttpAnswer } from '../helpers/raw-http.ts';
import { startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const UNIT = 'community-xinghuacun';
const CITY = 'hefei-center';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | string[] | undefined): Map<string, string[]> {
  const text = Array.isArray(header) ? header.join(';') : (header ?? '');
  return new Map(text.split(';').map((d) => d.trim().split(/\s+/)).filter((parts) => parts[0] !== undefined && parts[0] !== '').map(([name, ...values]) => [name ?? '', values]));
}

/**
 * The headers a browser acts on, read with plain HTTP: the consoles' page may run only its own
 * scripts (no inline script, no eval) and may not be framed; answers that carry tokens or citizen
 * data are never stored by a browser or proxy, errors included.
 */
describe('security headers', () => {
  let network: TestNetwork;
  let clientDir: string;
  let worker: Session;
  let city: Session;

  beforeAll(async () => {
    clientDir = await mkdtemp(join(tmpdir(), 'liandong-client-'));
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script>');
    await writeFile(join(clientDir, 'sw.js'), 'self.addEventListener("fetch", () => undefined);');
    network = await startTestNetwork({ clientDir });
    [worker, city] = await Promise.all([network.login(UNIT), network.login(CITY)]);
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`security-headers teardown: ${problem}`);
    if (clientDir !== undefined) await rm(clientDir, { recursive: true, force: true });
  });

  it('the consoles\' page: a strict CSP (own scripts only, no eval, no inline script, no framing) and X-Frame-Options DENY', async () => {
    for (const path of ['/', '/index.html', '/sw.js', '/street/inbox']) {
      const answer = await httpRequest(`${network.url}${path}`);
      expect(answer.status, path).toBe(200);
      const csp = directives(answer.headers['content-security-policy']);
      expect(csp.get('script-src'), `${path}: script-src`).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), `${path}: frame-ancestors`).toEqual(["'none'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      for (const [name, values] of csp) {
        expect(values, `${path}: ${name}`).not.toContain("'unsafe-eval'");
        if (name.startsWith('script-src')) expect(values, `${path}: ${name}`).not.toContain("'unsafe-inline'");
      }
      // What the PWA needs: its service worker, its manifest, fetch to its own origin.
      for (const name of ['worker-src', 'manifest-src', 'connect-src', 'default-src']) expect(csp.get(name), `${path}: ${name}`).toEqual(["'self'"]);
      expect(answer.headers['x-frame-options'], path).toBe('DENY');
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('every /api and /sync answer says Cache-Control: no-store, errors included', async () => {
    const url = (path: string): string => `${network.url}${path}`;
    const answers: [string, RawHttpAnswer][] = [
      ['login', await httpRequest(url('/api/auth/login'), { method: 'POST', body: JSON.stringify({ username: UNIT, password: network.account(UNIT).password }) })],
      ['failed login', await httpRequest(url('/api/auth/login'), { method: 'POST', body: JSON.stringify({ username: UNIT, password: 'wrong-password' }) })],
      ['refresh', await httpRequest(url('/api/auth/refresh'), { method: 'POST', token: worker.token, body: '{}' })],
      ['overview', await httpRequest(url('/api/supervision/overview'), { token: city.token })],
      ['overview by a community', await httpRequest(url('/api/supervision/overview'), { token: worker.token })],
      ['overview, path percent-encoded', await httpRequest(url('/%61pi/supervision/overview'), { token: city.token })],
      ['no token', await httpRequest(url(`/sync/${UNIT}/cases/_changes`))],
      ['db info', await httpRequest(url(`/sync/${UNIT}/cases`), { token: worker.token })],
      ['changes', await httpRequest(url(`/sync/${UNIT}/cases/_changes?since=0`), { token: worker.token })],
      ['all docs', await httpRequest(url(`/sync/${UNIT}/cases/_all_docs`), { method: 'POST', token: worker.token, body: JSON.stringify({ keys: ['x'] }) })],
      ['bad JSON', await httpRequest(url(`/sync/${UNIT}/cases/_bulk_docs`), { method: 'POST', token: worker.token, body: '{"docs": [' })],
      ['wrong unit', await httpRequest(url('/sync/community-liuanlu/cases/_changes'), { token: worker.token })],
      ['unknown /api path', await httpRequest(url('/api/nothing-here'), { token: worker.token })],
      ['bad since', await httpRequest(url(`/sync/${UNIT}/cases/_changes?since=garbage`), { token: worker.token })],
      ['malformed URL', await httpRequest(url(`/sync/${UNIT}/%E0%A4%A/_changes`), { token: worker.token })],
    ];
    for (const [what, answer] of answers) {
      expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBeGreaterThan(0);
      expect(answer.headers['cache-control'], `${what} (${answer.status})`).toBe('no-store');
      expect(answer.headers['x-frame-options'] ?? 'DENY', what).toBe('DENY');
    }
    expect(answers.map(([, a]) => a.status)).toEqual(expect.arrayContaining([200, 400, 401, 403, 404]));
  });
});
