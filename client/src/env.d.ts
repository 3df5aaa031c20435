/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

/** The app version from package.json, put in by Vite; reported in heartbeats. */
declare const __APP_VERSION__: string;
