/** How hard the gateway makes guessing passwords, and how much a flood of sign-ins may cost it. */
export interface LoginLimits {
  /** Sign-ins one network address may try per `perAddressWindowMs` (@fastify/rate-limit). */
  readonly perAddress: number;
  readonly perAddressWindowMs: number;
  /** Sign-ins one username may try per `perAccountWindowMs`; a success clears the count. */
  readonly perAccount: number;
  readonly perAccountWindowMs: number;
  /** Usernames whose recent attempts are remembered; the oldest are forgotten first. */
  readonly trackedUsernames: number;
  /** Account lookups cached (each for 5 s), unknown names included; the oldest go first. */
  readonly cachedAccounts: number;
  /** Password hashes run at once; libuv's pool has 4 threads, and file reads need some. */
  readonly concurrentHashes: number;
  /** Sign-ins that may wait for a hash; beyond that one is answered 503 at once. */
  readonly queuedHashes: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: 60,
  perAddressWindowMs: 60_000,
  perAccount: 5,
  perAccountWindowMs: 60_000,
  trackedUsernames: 10_000,
  cachedAccounts: 5_000,
  concurrentHashes: 2,
  queuedHashes: 8,
};
