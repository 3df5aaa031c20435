import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AcceptCaseInput, StepData } from '../../replication/case-desk.ts';
import type { SyncStatus } from '../../replication/sync-status.ts';
import type { Actor, CaseDoc, CaseEventType, Heartbeat, Unit } from '../../schemas/types.ts';
import type { StationInit, StationReply, StationRequest } from './station-protocol.ts';

const ENTRY = fileURLToPath(new URL('./station-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The local rules refused a step in the station process. */
export class RemoteRuleError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A station device in its own process: the same desk and sync, reached over IPC. */
export class RemoteStation {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: StationReply) => void>();
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess, readonly actor: Actor) {
    child.on('message', (reply: StationReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(init: StationInit): Promise<RemoteStation> {
    const child = fork(ENTRY, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const station = new RemoteStation(child, init.actor);
    await station.call({ method: 'init', params: init });
    return station;
  }

  private call(request: Omit<StationRequest, 'id'> & Pick<StationRequest, 'method'>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if (reply.ok) resolve(reply.result);
        else reject(reply.error.ruleCode === null ? new Error(reply.error.message) : new RemoteRuleError(reply.error.ruleCode, reply.error.message));
      });
      this.child.send({ ...request, id });
    });
  }

  accept(input: AcceptCaseInput): Promise<CaseDoc> {
    return this.call({ method: 'accept', params: input }) as Promise<CaseDoc>;
  }

  record(caseId: string, type: Exclude<CaseEventType, 'accept'>, data: StepData): Promise<CaseDoc> {
    return this.call({ method: 'record', params: { caseId, type, data } }) as Promise<CaseDoc>;
  }

  cases(): Promise<CaseDoc[]> {
    return this.call({ method: 'cases' }) as Promise<CaseDoc[]>;
  }

  units(): Promise<Unit[]> {
    return this.call({ method: 'units' }) as Promise<Unit[]>;
  }

  heartbeats(): Promise<Heartbeat[]> {
    return this.call({ method: 'heartbeats' }) as Promise<Heartbeat[]>;
  }

  status(): Promise<SyncStatus> {
    return this.call({ method: 'status' }) as Promise<SyncStatus>;
  }

  async awaitInSync(): Promise<void> {
    await this.call({ method: 'awaitInSync' });
  }

  async stop(): Promise<void> {
    if (this.child.connected) {
      await Promise.race([this.call({ method: 'stop' }), new Promise((r) => setTimeout(r, 10_000))]);
      this.child.kill();
    }
    await this.exited;
  }
}
