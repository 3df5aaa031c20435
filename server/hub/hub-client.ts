// nano client for the hub. nano 11 dropped `requestDefaults`; headers in its configuration are
// merged into every request (and kept out of its request log), so the URL stays credential-free.
import nano from 'nano';

export interface HubCredentials {
  username: string;
  password: string;
}

export function createHubClient(url: string, admin: HubCredentials): nano.ServerScope {
  const token = Buffer.from(`${admin.username}:${admin.password}`, 'utf8').toString('base64');
  return nano({ url, headers: { Authorization: `Basic ${token}` } });
}
