import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

describe('the server configuration', () => {
  it('seeds the demo network on the embedded hub, and not on Apache CouchDB unless asked', () => {
    expect(readConfig({}).seedDemo).toBe(true);
    expect(readConfig({ COUCHDB_URL: 'http://couch:5984' }).seedDemo).toBe(false);
    expect(readConfig({ COUCHDB_URL: 'http://couch:5984', LIANDONG_DEMO: 'on' }).seedDemo).toBe(true);
    expect(readConfig({ LIANDONG_DEMO: 'off' }).seedDemo).toBe(false);
    expect(() => readConfig({ LIANDONG_DEMO: 'yes' })).toThrow(/LIANDONG_DEMO must be "on" or "off"/);
  });

  it('reads the clock skew and the offline window, and refuses nonsense', () => {
    expect(readConfig({})).toMatchObject({ maxClockAheadMs: 5 * 60_000, offlineWindowMs: 30 * 86_400_000 });
    expect(readConfig({ LIANDONG_MAX_CLOCK_AHEAD_MINUTES: '2', LIANDONG_OFFLINE_WINDOW_DAYS: '7' })).toMatchObject({ maxClockAheadMs: 2 * 60_000, offlineWindowMs: 7 * 86_400_000 });
    expect(() => readConfig({ LIANDONG_MAX_CLOCK_AHEAD_MINUTES: '-1' })).toThrow(/LIANDONG_MAX_CLOCK_AHEAD_MINUTES/);
    expect(() => readConfig({ LIANDONG_OFFLINE_WINDOW_DAYS: 'soon' })).toThrow(/LIANDONG_OFFLINE_WINDOW_DAYS/);
  });

  it('reads every node of COUCHDB_URL, a database prefix and a metrics token, and refuses what cannot work', () => {
    expect(readConfig({ COUCHDB_URL: 'http://10.0.0.11:5984, http://10.0.0.12:5984,http://10.0.0.13:5984/' }).couchdbUrls).toEqual(['http://10.0.0.11:5984', 'http://10.0.0.12:5984', 'http://10.0.0.13:5984']);
    expect(readConfig({}).couchdbUrls).toBeNull();
    expect(() => readConfig({ COUCHDB_URL: 'http://admin:secret@couch:5984' })).toThrow(/must not hold credentials: set COUCHDB_USER and COUCHDB_PASSWORD/);
    expect(() => readConfig({ COUCHDB_URL: 'couch:5984' })).toThrow(/must start with http/);
    expect(() => readConfig({ COUCHDB_URL: ' , ' })).toThrow(/names no node/);
    expect(readConfig({}).databasePrefix).toBe('liandong_');
    expect(readConfig({ LIANDONG_DATABASE_PREFIX: 'staging_' }).databasePrefix).toBe('staging_');
    expect(() => readConfig({ LIANDONG_DATABASE_PREFIX: 'Staging' })).toThrow(/LIANDONG_DATABASE_PREFIX must be lowercase/);
    expect(readConfig({}).metricsToken).toBeNull();
    expect(readConfig({ LIANDONG_METRICS_TOKEN: 'a'.repeat(32) }).metricsToken).toBe('a'.repeat(32));
    expect(() => readConfig({ LIANDONG_METRICS_TOKEN: 'short' })).toThrow(/LIANDONG_METRICS_TOKEN must be at least 16 characters/);
  });
});
