import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { SyncIndicator } from '../../client/src/components/sync-indicator.ts';
import type { RefusedDocument } from '../../replication/refused-documents.ts';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../../replication/sync-status.ts';
import { mount, q, record, switchLocale, text, update } from './mount.ts';

const AT = Date.UTC(2025, 2, 3, 2, 0, 0);

function status(patch: Partial<SyncStatus>): SyncStatus {
  return { ...INITIAL_SYNC_STATUS, initialSyncDone: true, ...patch };
}

const REFUSED: RefusedDocument = {
  collection: 'cases',
  id: 'case-42',
  code: 'forbidden_transition',
  reason: 'the case is already concluded',
  reasonZh: '该办件已办结',
  detail: 'approve after refuse',
  refusedAt: AT,
  sent: {},
};

describe('<sync-indicator>', () => {
  it('renders nothing without a status', async () => {
    const indicator = await mount(new SyncIndicator());
    expect(text(indicator)).toBe('');
  });

  it('shows connecting and the first-sync bar before anything is known', async () => {
    const indicator = await mount(new SyncIndicator(), { status: INITIAL_SYNC_STATUS });
    expect(q(indicator, '[data-sync-state]').dataset['syncState']).toBe('unknown');
    expect(text(indicator)).toContain('连接中');
    expect(text(indicator)).toContain('尚未同步');
    expect(text(indicator)).toContain('正在首次同步本单位数据…');
    expect(indicator.renderRoot.querySelector('progress')).not.toBeNull();
  });

  it('counts the cases the first sync has stored on this device, and only while it runs', async () => {
    const indicator = await mount(new SyncIndicator(), { status: { ...INITIAL_SYNC_STATUS, online: true, storedCases: 1234 } });
    expect(q(indicator, '[data-stored]').dataset['stored']).toBe('1234');
    expect(text(indicator)).toContain('已存入本机 1234 件');
    await switchLocale('en', indicator);
    expect(text(indicator)).toContain('1234 cases stored on this device');

    await update(indicator, { status: status({ online: true, storedCases: 2000 }) });
    expect(indicator.renderRoot.querySelector('[data-stored]')).toBeNull();
    expect(indicator.renderRoot.querySelector('progress')).toBeNull();
  });

  it('tells a reload of a device that synced before from a first sync: catching up online, its own data offline', async () => {
    const reloaded = { ...INITIAL_SYNC_STATUS, firstSyncedAt: AT };
    const indicator = await mount(new SyncIndicator(), { status: { ...reloaded, online: false } });
    expect(indicator.renderRoot.querySelector('progress')).toBeNull();
    expect(text(indicator)).not.toContain('首次同步本单位数据');
    expect(text(q(indicator, '[data-local-data]'))).toContain('使用本机数据');
    await update(indicator, { status: { ...reloaded, online: true } });
    expect(text(q(indicator, '[data-catching-up]'))).toBe('正在与中心核对最新数据…');
    await update(indicator, { status: { ...reloaded, online: true, initialSyncDone: true } });
    expect(indicator.renderRoot.querySelector('[data-catching-up]')).toBeNull();
  });

  it('shows offline with what waits to upload and the offline hint', async () => {
    const indicator = await mount(new SyncIndicator(), { status: status({ online: false, pendingOutbound: 3, pendingCases: 2, lastSyncAt: AT }) });
    expect(q(indicator, '[data-sync-state]').dataset['syncState']).toBe('off');
    expect(q(indicator, '[data-pending]').dataset['pending']).toBe('3');
    expect(text(indicator)).toContain('离线');
    expect(q(indicator, '[data-pending]').dataset['pendingCases']).toBe('2');
    expect(text(indicator)).toContain('待上传 2 件办件（3 个环节）');
    expect(text(indicator)).toContain('上次同步');
    expect(text(indicator)).toContain('断网期间的办件保存在本机，联网后自动上传。');
    expect(indicator.renderRoot.querySelector('progress')).toBeNull();

    await switchLocale('en', indicator);
    expect(text(indicator)).toContain('Offline');
    expect(text(indicator)).toContain('2 case(s) to upload (3 step(s))');
    expect(text(indicator)).toContain('Cases taken offline are kept on this device');
  });

  it('shows online and all synced, and a retryable sync problem while online', async () => {
    const indicator = await mount(new SyncIndicator(), { status: status({ online: true, lastSyncAt: AT }) });
    expect(q(indicator, '[data-sync-state]').dataset['syncState']).toBe('on');
    expect(text(indicator)).toContain('在线');
    expect(text(indicator)).toContain('已全部同步');
    expect(text(indicator)).not.toContain('断网期间');

    await update(indicator, { status: status({ online: true, lastError: { kind: 'unavailable', message: 'HTTP 503', at: AT } }) });
    expect(text(indicator)).toContain('同步出错：HTTP 503。系统将自动重试。');
  });

  it('lists every refused document with its reason in the chosen language', async () => {
    const second: RefusedDocument = { ...REFUSED, id: 'case-43', reason: 'not visible to this unit', reasonZh: '本单位无权查看', detail: null };
    const indicator = await mount(new SyncIndicator(), { status: status({ online: true, pendingOutbound: 1, pendingCases: 1, refused: [REFUSED, second] }) });
    expect(q(indicator, '[data-refused]').dataset['refused']).toBe('2');
    const refused = text(q(indicator, '.refused'));
    expect(refused).toContain('2 份文档被服务器拒收');
    expect(refused).toContain('case-42：该办件已办结 (approve after refuse)');
    expect(refused).toContain('case-43：本单位无权查看');
    expect(text(indicator)).toContain('待上传 1 件办件（1 个环节）');

    await switchLocale('en', indicator);
    const refusedEn = text(q(indicator, '.refused'));
    expect(refusedEn).toContain('The server refused 2 document(s)');
    expect(refusedEn).toContain('case-42: the case is already concluded (approve after refuse)');
    expect(refusedEn).toContain('case-43: not visible to this unit');
  });

  it('asks for the password when sync needs a sign-in and emits sign-in-submitted', async () => {
    const indicator = await mount(new SyncIndicator(), {
      status: status({ online: true, signInRequired: true, lastError: { kind: 'auth', message: 'token expired', at: AT } }),
    });
    const submitted = record<{ password: string }>(indicator, 'sign-in-submitted');
    expect(text(indicator)).toContain('登录已过期，同步暂停。');
    expect(text(indicator)).not.toContain('同步出错');
    const password = q<HTMLInputElement>(indicator, 'input[name=password]');
    await userEvent.fill(password, 's3cret-口令');
    await userEvent.click(q(indicator, 'button[type=submit]'));
    expect(submitted).toEqual([{ password: 's3cret-口令' }]);
    expect(password.value).toBe('');
  });
});
