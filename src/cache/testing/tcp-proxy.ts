import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy for tests that injects network faults between a client and its server: cut (drop every connection
 * and refuse new ones), black-hole (connections stay open but nothing gets through, as when packets are dropped)
 * and added latency on every chunk in both directions.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #cut = false;
  #blackHoled = false;
  #latencyMs = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Starts a proxy on an ephemeral 127.0.0.1 port forwarding to `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const holder: { proxy?: TcpProxy } = {};
    const server = createServer((client) => holder.proxy?.accept(client, target));
    const proxy = new TcpProxy(server);
    holder.proxy = proxy;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The port the proxy listens on (127.0.0.1). */
  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy not listening');
    return address.port;
  }

  /** `redis://` URL pointing at the proxy. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void {
    this.#cut = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Keeps connections open but forwards nothing, new ones included, until `restore`. */
  blackHole(): void {
    this.#blackHoled = true;
  }

  /** Delays every chunk by `ms` in each direction (0: none). */
  setLatency(ms: number): void {
    this.#latencyMs = ms;
  }

  /**
   * Accepts and forwards again. Connections that lived through a black hole lost bytes, so they are reset, as a
   * peer's TCP would once its retransmissions time out.
   */
  restore(): void {
    if (this.#blackHoled) for (const socket of this.#sockets) socket.destroy();
    this.#cut = false;
    this.#blackHoled = false;
  }

  /** Stops the proxy. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (this.#cut) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Copies `from` to `to`, dropping chunks while black-holed and delaying them by the latency. */
  private forward(from: Socket, to: Socket): void {
    // Chunks go out in order, each no sooner than `latency` after it arrived (a chain, so a latency
    // lowered mid-stream cannot overtake chunks still waiting).
    let delivered = Promise.resolve();
    const later = (action: () => void) => {
      const due = Date.now() + this.#latencyMs;
      delivered = delivered.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        action();
      });
    };
    from.on('data', (chunk: Buffer) => {
      if (this.#blackHoled) return;
      later(() => to.writable && to.write(chunk));
    });
    from.on('end', () => later(() => to.end()));
  }
}
