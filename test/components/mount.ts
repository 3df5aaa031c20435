import type { LitElement } from 'lit';
import { afterEach } from 'vitest';
import { setLocale } from '../../client/src/i18n/locale.ts';

/** Puts a component in the page with its properties set and waits for its first render. */
export async function mount<T extends LitElement>(el: T, props: Partial<T> = {}): Promise<T> {
  Object.assign(el, props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Sets properties on a mounted component and waits for it to render them. */
export async function update<T extends LitElement>(el: T, props: Partial<T>): Promise<T> {
  Object.assign(el, props);
  await el.updateComplete;
  return el;
}

/** Switches the app language through its own mechanism and waits for the components to re-render. */
export async function switchLocale(next: 'zh-CN' | 'en', ...els: readonly LitElement[]): Promise<void> {
  setLocale(next);
  await Promise.all(els.map((el) => el.updateComplete));
}

/** The one element matching `selector` in the component's shadow root; fails the test if absent. */
export function q<E extends Element = HTMLElement>(el: LitElement, selector: string): E {
  const found = el.renderRoot.querySelector<E>(selector);
  if (found === null) throw new Error(`<${el.localName}> has no ${selector}`);
  return found;
}

export function qAll<E extends Element = HTMLElement>(el: LitElement, selector: string): E[] {
  return [...el.renderRoot.querySelectorAll<E>(selector)];
}

/** The visible text of the component's shadow root, whitespace collapsed. */
export function text(el: LitElement | Element): string {
  const root = 'renderRoot' in el ? el.renderRoot : el;
  return (root.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Every `type` event the element dispatches, in order, with its detail. */
export function record<D>(el: EventTarget, type: string): D[] {
  const details: D[] = [];
  el.addEventListener(type, (e) => details.push((e as CustomEvent<D>).detail));
  return details;
}

afterEach(() => {
  document.body.replaceChildren();
  setLocale('zh-CN');
});

/** The `index`th element of a list; fails the test if there is none. */
export function nth<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${index} in a list of ${list.length}`);
  return item;
}
