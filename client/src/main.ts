import { registerSW } from 'virtual:pwa-register';
import './components/liandong-app.ts';
import { isPublicPagePath } from './domain/public-page.ts';
import { locale } from './i18n/locale.ts';

document.documentElement.lang = locale();
if (isPublicPagePath(location.pathname)) {
  // The citizen's own page: no sign-in, no local database, nothing of the consoles precached on their phone.
  document.body.prepend(document.createElement('public-case-page'));
  void import('./components/public-case-page.ts');
} else {
  // The shell is imported with this entry, not after it: index.html preloads it, so a fresh browser
  // reaches the sign-in form one round trip sooner (400 ms on a thin link). It fetches the
  // console's views and runtime itself once its first screen is shown.
  const app = document.createElement('liandong-app');
  // The service worker precaches the shell, so the console opens with no network. It registers once
  // the first screen is up and the console's code has loaded: its precache downloads every chunk,
  // and on a thin link it would otherwise compete with the sign-in form for the bandwidth.
  if ('serviceWorker' in navigator) app.addEventListener('console-code-loaded', () => registerSW({ immediate: true }), { once: true });
  document.body.prepend(app);
}
