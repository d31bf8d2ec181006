import pg from 'pg';

/** What a `NotificationListener` reports to its owner. */
export interface ListenerHandlers {
  /** A `NOTIFY channel, payload` committed by any session (this process's included). */
  onNotification(payload: string): void;
  /** The channel is listened to again after a gap: notifications sent meanwhile were lost. */
  onGap(): void;
  log(line: string): void;
}

/** Application name of listener connections, so operators (and tests) can tell them apart. */
export const LISTENER_APPLICATION_NAME = 'construction-ai-listen';

const MAX_RETRY_MS = 10_000;

/**
 * `LISTEN` on one channel over a dedicated connection (a session: it must bypass pgbouncer's transaction
 * mode, like the job queue), reconnecting with backoff when the connection drops. PostgreSQL delivers a
 * notification only after its transaction commits and to sessions listening at that moment, so each gap is
 * reported (`onGap`) for the owner to resynchronise.
 */
export class NotificationListener {
  #client: pg.Client | undefined;
  #closed = false;
  #retryMs = 500;
  #retry: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
  ) {}

  /** Starts listening; when the database is unreachable it keeps retrying in the background. */
  static async start(
    url: string,
    channel: string,
    handlers: ListenerHandlers,
  ): Promise<NotificationListener> {
    const listener = new NotificationListener(url, channel, handlers);
    await listener.#connect(false);
    return listener;
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#client?.end().catch(() => undefined);
  }

  async #connect(afterGap: boolean): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.onNotification(message.payload ?? '');
    });
    client.on('error', () => this.#lost(client, 'connection error'));
    client.on('end', () => this.#lost(client, 'connection closed'));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      this.#lost(client, (error as Error).message);
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#retryMs = 500;
    if (afterGap) this.handlers.onGap();
  }

  /** The connection is gone (or never came up): listen again on a new one after a backoff. */
  #lost(client: pg.Client, reason: string): void {
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.#client === client) this.#client = undefined;
    if (this.#closed || this.#retry !== undefined) return;
    this.handlers.log(`LISTEN ${this.channel}: ${reason}; retrying in ${this.#retryMs} ms`);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#connect(true);
    }, this.#retryMs);
    this.#retry.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
  }
}
