import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP load balancer on loopback, as a proxy in front of several gateways would be: each new
 * connection goes to the next backend in turn; one that refuses the connection (a gateway that
 * died) is skipped for the next. Connections already open to a backend that dies are cut, and the
 * client opens a new one. The backends can be replaced while it runs (a gateway moved to another
 * hub).
 */
export interface LoadBalancer {
  readonly url: string;
  setBackends(ports: readonly number[]): void;
  /** How many connections each backend port was given. */
  readonly connections: ReadonlyMap<number, number>;
  close(): Promise<void>;
}

export async function startLoadBalancer(initial: readonly number[]): Promise<LoadBalancer> {
  let backends = [...initial];
  let next = 0;
  const open = new Set<Socket>();
  const connections = new Map<number, number>();

  const connect = (client: Socket, tried: number): void => {
    if (backends.length === 0 || tried >= backends.length) {
      client.destroy();
      return;
    }
    const port = backends[next % backends.length] ?? 0;
    next += 1;
    const upstream = createConnection({ host: '127.0.0.1', port });
    let connected = false;
    open.add(upstream);
    upstream.once('connect', () => {
      connected = true;
      connections.set(port, (connections.get(port) ?? 0) + 1);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    // Refused before anything was sent: the next backend gets this connection.
    upstream.once('error', () => {
      if (!connected) connect(client, tried + 1);
    });
    upstream.once('close', () => {
      open.delete(upstream);
      if (connected) client.destroy();
    });
    client.once('close', () => upstream.destroy());
    client.once('error', () => upstream.destroy());
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    connect(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('load balancer: no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections,
    setBackends(ports) {
      backends = [...ports];
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
