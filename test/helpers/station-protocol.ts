import type { AcceptCaseInput, StepData } from '../../replication/case-desk.ts';
import type { BackoffPolicy } from '../../replication/backoff.ts';
import type { Actor, CaseEventType } from '../../schemas/types.ts';

/** The messages between a test and a station running in its own process. */
export interface StationInit {
  readonly name: string;
  readonly gatewayUrl: string;
  readonly actor: Actor;
  readonly token: string;
  readonly deviceId: string;
  readonly requestTimeoutMs: number;
  readonly longpollMs: number;
  readonly backoff: BackoffPolicy;
}

export type StationRequest = { readonly id: number } & (
  | { method: 'init'; params: StationInit }
  | { method: 'accept'; params: AcceptCaseInput }
  | { method: 'record'; params: { caseId: string; type: Exclude<CaseEventType, 'accept'>; data: StepData } }
  | { method: 'cases' | 'units' | 'heartbeats' | 'status' | 'awaitInSync' | 'stop'; params?: undefined }
);

export type StationReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { message: string; ruleCode: string | null } };
