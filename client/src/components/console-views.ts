/**
 * The signed-in console's views: the station's, the street hall's and the city's, and the sync
 * indicator. One lazily loaded chunk with RxDB's queries behind it, so a fresh browser's first load
 * fetches only the sign-in form; the shell loads this once its first screen is shown, and the
 * service worker precaches it, so it opens offline too.
 */
import './city-view.ts';
import './community-view.ts';
import './street-view.ts';
import './sync-indicator.ts';
