/**
 * One station device in a process of its own, driven by its parent over IPC. Free RxDB allows 13
 * open collections per process, and each device is its own process in real life anyway.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { CaseDesk, CaseRuleError } from '../../replication/case-desk.ts';
import { createStationDatabase, type StationDatabase } from '../../replication/station-database.ts';
import { startStationSync, type StationSync } from '../../replication/station-sync.ts';
import type { StationRequest, StationReply, StationInit } from './station-protocol.ts';

let db: StationDatabase | null = null;
let sync: StationSync | null = null;
let desk: CaseDesk | null = null;

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`station not initialised: no ${what}`);
  return value;
}

async function init(params: StationInit): Promise<null> {
  db = await createStationDatabase({ name: params.name, storage: getRxStorageMemory() });
  sync = await startStationSync({
    db,
    gatewayUrl: params.gatewayUrl,
    unitId: params.actor.unitId,
    deviceId: params.deviceId,
    session: { token: () => params.token },
    requestTimeoutMs: params.requestTimeoutMs,
    longpollMs: params.longpollMs,
    backoff: params.backoff,
  });
  const hubClock = sync.hubClock;
  desk = new CaseDesk({ db, actor: params.actor, deviceId: params.deviceId, now: () => hubClock.now() });
  return null;
}

async function handle(request: StationRequest): Promise<unknown> {
  switch (request.method) {
    case 'init':
      return init(request.params);
    case 'accept':
      return need(desk, 'desk').acceptCase(request.params);
    case 'record':
      return need(desk, 'desk').record(request.params.caseId, request.params.type, request.params.data);
    case 'cases':
      return (await need(db, 'database').cases.find().exec()).map((d) => d.toMutableJSON());
    case 'units':
      return (await need(db, 'database').units.find().exec()).map((d) => d.toMutableJSON());
    case 'heartbeats':
      return (await need(db, 'database').heartbeats.find().exec()).map((d) => d.toMutableJSON());
    case 'status':
      return need(sync, 'sync').status();
    case 'awaitInSync':
      await need(sync, 'sync').awaitInSync();
      return null;
    case 'stop':
      await sync?.stop();
      await db?.close();
      return null;
  }
}

process.on('message', (message: StationRequest) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, ok: true, result } satisfies StationReply),
    (err: unknown) => process.send?.({
      id: message.id,
      ok: false,
      error: { message: err instanceof Error ? err.message : String(err), ruleCode: err instanceof CaseRuleError ? err.code : null },
    } satisfies StationReply),
  );
});
process.on('disconnect', () => process.exit(0));
