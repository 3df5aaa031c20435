import { registerSW } from 'virtual:pwa-register';
import { locale } from './i18n/locale.ts';
import './components/liandong-app.ts';

document.documentElement.lang = locale();
// The service worker precaches the shell, so the console opens with no network.
if ('serviceWorker' in navigator) registerSW({ immediate: true });
