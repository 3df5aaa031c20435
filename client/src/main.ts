import { registerSW } from 'virtual:pwa-register';
import { isPublicPagePath } from './domain/public-page.ts';
import { locale } from './i18n/locale.ts';

document.documentElement.lang = locale();
if (isPublicPagePath(location.pathname)) {
  // The citizen's own page: no sign-in, no local database, nothing of the consoles precached on their phone.
  document.querySelector('liandong-app')?.replaceWith(document.createElement('public-case-page'));
  void import('./components/public-case-page.ts');
} else {
  void import('./components/liandong-app.ts');
  // The service worker precaches the shell, so the console opens with no network.
  if ('serviceWorker' in navigator) registerSW({ immediate: true });
}
