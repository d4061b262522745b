// Which service processes are alive, as the database can tell. A claim on an Idempotency-Key
// carries the id of the process running it; when a retry finds the claim unfinished and its
// process gone (crashed between claim and commit, or cut off for good), it takes the claim over
// at once instead of waiting out the claim's lease. Liveness only decides *when* a takeover is
// allowed: the operation's response is stored under the claim's lease token in the operation's
// own transaction (http/idempotency.ts), so an operation never commits twice, even if a live
// process is wrongly presumed gone.
//
// MySQL: each process holds a named lock (GET_LOCK) on a connection of its own for its whole
// life; the server frees it the moment that connection ends, so `IS_USED_LOCK` answers for a
// process on any host. SQLite: every process sharing the file runs on this host, so the process
// table answers (`kill(pid, 0)`).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { QueryTypes, type Sequelize } from 'sequelize';

export interface Presence {
  /** This process's id, written into every claim it makes (at most 64 characters). */
  readonly id: string;
  /** True only when the process that wrote `id` is certainly gone; false when alive or unknown. */
  isGone(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** `onTrouble`: told when the MySQL lock cannot be taken (other processes then see this one as gone). */
export async function startPresence(sequelize: Sequelize, onTrouble: (error: unknown) => void = () => undefined): Promise<Presence> {
  if (sequelize.getDialect() !== 'mysql') return processTablePresence;
  const presence = new NamedLockPresence(sequelize, onTrouble);
  await presence.start();
  return presence;
}

// ---- SQLite: the process table of this host --------------------------------------------------

const host = hostname().slice(0, 30);
/** One id per process: apps that share a process (tests) are alive together. */
const thisProcess = `${host}:${process.pid}:${randomBytes(6).toString('hex')}`;

export function processIsGone(id: string, self: string = thisProcess): boolean {
  const [owner, pid] = id.split(':');
  if (owner !== host || !pid || !/^\d+$/.test(pid)) return false; // another host, or not ours to judge
  if (Number(pid) === process.pid) return id !== self; // an earlier process that had this pid
  try {
    process.kill(Number(pid), 0);
    return false; // alive (or its pid reused: then the claim's lease decides)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const processTablePresence: Presence = {
  id: thisProcess,
  isGone: async (id) => processIsGone(id),
  close: async () => undefined,
};

// ---- MySQL: a named lock per process -------------------------------------------------------------

const lockName = (id: string) => `evenpay.presence.${id}`;
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5_000;

interface LockConnection {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
  on(event: 'error' | 'end', listener: () => void): unknown;
}

class NamedLockPresence implements Presence {
  readonly id = `m${randomBytes(12).toString('hex')}`;
  private connection: LockConnection | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = RECONNECT_FIRST_MS;
  private closed = false;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly onTrouble: (error: unknown) => void,
  ) {}

  /** Takes the lock; when the database cannot be reached, keeps trying in the background. */
  async start(): Promise<void> {
    try {
      await this.hold();
      this.retryDelayMs = RECONNECT_FIRST_MS;
    } catch (error) {
      this.onTrouble(error);
      this.retryLater();
    }
  }

  async isGone(id: string): Promise<boolean> {
    if (id === this.id) return false;
    const [row] = await this.sequelize.query<{ holder: number | null }>('SELECT IS_USED_LOCK(?) AS holder', {
      replacements: [lockName(id)],
      type: QueryTypes.SELECT,
    });
    return row?.holder === null || row?.holder === undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.end().catch(() => undefined);
  }

  private async hold(): Promise<void> {
    const { default: mysql } = await import('mysql2/promise');
    // The pool's own settings (TLS, socket path and the URL's other options live in dialectOptions).
    const config = this.sequelize.config as typeof this.sequelize.config & { dialectOptions?: object };
    const connection = (await mysql.createConnection({
      ...config.dialectOptions,
      host: config.host,
      port: config.port ? Number(config.port) : undefined,
      user: config.username,
      password: config.password || undefined,
      database: config.database,
      enableKeepAlive: true,
    })) as unknown as LockConnection;
    let held = false;
    try {
      connection.on('error', () => this.lost(connection));
      connection.on('end', () => this.lost(connection));
      // The connection sits idle for the process's life: the server must not close it as idle.
      await connection.query('SET SESSION wait_timeout = 31536000');
      const [rows] = (await connection.query('SELECT GET_LOCK(?, 0) AS held', [lockName(this.id)])) as [Array<{ held: number | null }>, unknown];
      if (rows[0]?.held !== 1) throw new Error('presence lock not granted');
      held = !this.closed;
    } finally {
      if (held) this.connection = connection;
      else await connection.end().catch(() => undefined);
    }
  }

  /** The lock's connection ended: the lock is gone with it; take it again. */
  private lost(connection: LockConnection): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.onTrouble(new Error('presence lock connection lost'));
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryDelayMs = Math.min(RECONNECT_MAX_MS, this.retryDelayMs * 2);
      void this.start();
    }, this.retryDelayMs);
    this.retryTimer.unref();
  }
}
