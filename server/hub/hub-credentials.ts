/** The hub admin's name and password: the gateway and hub setup hold them, stations never do. */
export interface HubCredentials {
  readonly username: string;
  readonly password: string;
}

/** The `Authorization` header value for HTTP Basic, as the embedded hub's guard and CouchDB take it. */
export function basicAuthorization(credentials: HubCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}
