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
});
