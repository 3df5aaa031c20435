import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { LangSwitch } from '../../client/src/components/lang-switch.ts';
import { LoginForm, type LoginSubmitted } from '../../client/src/components/login-form.ts';
import { UnlockForm } from '../../client/src/components/unlock-form.ts';
import { locale } from '../../client/src/i18n/locale.ts';
import { mount, q, record, switchLocale, text, update } from './mount.ts';

describe('<login-form>', () => {
  it('renders in zh-CN and emits login-submitted with the trimmed account and the password', async () => {
    const form = await mount(new LoginForm());
    const submitted = record<LoginSubmitted>(form, 'login-submitted');
    expect(q(form, 'h2').textContent).toBe('登录');
    expect(text(form)).toContain('账号（单位账号）');
    await userEvent.fill(q(form, '#username'), '  hf-street-a ');
    await userEvent.fill(q(form, '#password'), ' pass word ');
    await userEvent.click(q(form, 'button[type=submit]'));
    expect(submitted).toEqual([{ username: 'hf-street-a', password: ' pass word ' }]);
  });

  it('does not submit with empty required fields', async () => {
    const form = await mount(new LoginForm());
    const submitted = record<LoginSubmitted>(form, 'login-submitted');
    await userEvent.click(q(form, 'button[type=submit]'));
    expect(submitted).toEqual([]);
  });

  it('shows busy and the error, in English after a switch', async () => {
    const form = await mount(new LoginForm(), { busy: true, error: '登录失败：密码不正确' });
    expect(q<HTMLButtonElement>(form, 'button[type=submit]').disabled).toBe(true);
    expect(q(form, 'button[type=submit]').textContent?.trim()).toBe('正在登录…');
    expect(q(form, '[role=alert]').textContent).toBe('登录失败：密码不正确');
    await switchLocale('en', form);
    await update(form, { busy: false, error: '' });
    expect(q(form, 'h2').textContent).toBe('Sign in');
    expect(q(form, 'button[type=submit]').textContent?.trim()).toBe('Sign in');
    expect(form.renderRoot.querySelector('[role=alert]')).toBeNull();
  });
});

describe('<unlock-form>', () => {
  it('names the worker and unit and emits unlock-submitted with the password', async () => {
    const form = await mount(new UnlockForm(), { workerName: '王芳', unitName: '幸福社区服务站' });
    const submitted = record<{ password: string }>(form, 'unlock-submitted');
    expect(text(form)).toContain('王芳（幸福社区服务站）已在本设备登录。');
    await userEvent.fill(q(form, '#password'), 'offline-ok');
    await userEvent.click(q(form, 'button[type=submit]'));
    expect(submitted).toEqual([{ password: 'offline-ok' }]);

    await switchLocale('en', form);
    expect(text(form)).toContain('王芳 (幸福社区服务站) is signed in on this device.');
    await update(form, { error: 'Wrong password.', busy: true });
    expect(q(form, '[role=alert]').textContent).toBe('Wrong password.');
    expect(q<HTMLButtonElement>(form, 'button[type=submit]').disabled).toBe(true);
  });
});

describe('<lang-switch>', () => {
  it('switches the whole page between 中文 and English and emits locale-changed', async () => {
    const login = await mount(new LoginForm());
    const sw = await mount(new LangSwitch());
    const changes = record<{ locale: string }>(sw, 'locale-changed');
    expect(q(sw, 'button').textContent).toBe('English');
    expect(q(sw, 'button').getAttribute('aria-label')).toBe('界面语言');

    await userEvent.click(q(sw, 'button'));
    await Promise.all([sw.updateComplete, login.updateComplete]);
    expect(locale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(q(sw, 'button').textContent).toBe('中文');
    expect(q(login, 'h2').textContent).toBe('Sign in');

    await userEvent.click(q(sw, 'button'));
    await Promise.all([sw.updateComplete, login.updateComplete]);
    expect(locale()).toBe('zh-CN');
    expect(q(login, 'h2').textContent).toBe('登录');
    expect(changes).toEqual([{ locale: 'en' }, { locale: 'zh-CN' }]);
  });
});
