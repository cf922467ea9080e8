import { settleWithin } from "../async/settle-within";
import type { OutboxStore } from "../db/store/outbox-store";
import type { SecretBox } from "../secrets/secret-box";
import { claimNextMessage, deliverClaimed, dueChannels, type DeliveryOutcome, type DeliveryPolicy } from "./outbox";

export interface DeliveryLanesOptions {
  policy: DeliveryPolicy;
  /** How many channels are served at once. */
  maxChannels: number;
  /** Messages a lane sends before it makes room for channels that wait (fairness under a cap). */
  messagesPerLane?: number;
  onOutcome?: (outcome: DeliveryOutcome, channelId: number) => void;
  onError?: (error: unknown, channelId: number) => void;
}

/**
 * Delivers the outbox one lane per channel: each channel sends its own
 * messages in order, one at a time, and a channel that never answers holds
 * up only itself. `fill` claims and starts, it never waits for a send, so a
 * tick is as quick with a hung receiver as without.
 */
export class DeliveryLanes {
  private readonly lanes = new Map<number, Promise<void>>();
  private readonly abort = new AbortController();
  private stopping = false;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly box: SecretBox,
    private readonly options: DeliveryLanesOptions,
  ) {}

  /** Starts a lane for every channel with something due that has none yet; resolves when the lanes it started end. */
  async fill(now: number = Date.now()): Promise<void> {
    await Promise.all(await this.start(now));
  }

  /**
   * Starts a lane for every channel with something due that has none yet;
   * resolves once they are started (never waits for a send), with the lanes
   * it started. Rejects when the outbox cannot be read.
   */
  async start(now: number = Date.now()): Promise<Array<Promise<void>>> {
    if (this.stopping) return [];
    const due = await dueChannels(this.outbox, now, new Set(this.lanes.keys()), this.options.maxChannels - this.lanes.size);
    const started: Array<Promise<void>> = [];
    for (const channelId of due) {
      // Looked at again after the read: another start may have taken the channel or the last slot meanwhile.
      if (this.stopping || this.lanes.has(channelId) || this.lanes.size >= this.options.maxChannels) continue;
      const lane = this.run(channelId).then((handled) => {
        this.lanes.delete(channelId);
        // A lane that stopped for fairness hands its slot to whoever waits
        // longest (this channel again if nobody does); the rest wait for the next tick.
        if (handled >= this.perLane) this.refill(channelId);
      });
      this.lanes.set(channelId, lane);
      started.push(lane);
    }
    return started;
  }

  /** Resolves once no lane is running (tests; deliverNow). */
  async idle(): Promise<void> {
    while (this.lanes.size) await Promise.all(this.lanes.values());
  }

  /**
   * Starts nothing more, gives the sends in flight up to `graceMs`, then
   * aborts them: an aborted message goes back to the queue unchanged and is
   * sent after the restart.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (!this.lanes.size) return;
    await settleWithin(this.idle(), graceMs);
    this.abort.abort();
    // Aborted sends settle at once; the bound is for a sender that ignores its signal.
    await settleWithin(this.idle(), 1000);
  }

  private get perLane(): number {
    return this.options.messagesPerLane ?? 20;
  }

  /**
   * Sends the channel's messages that were due when it started, in order,
   * each at most once (a retry waits for a later lane); returns how many it
   * handled. Never rejects.
   */
  private async run(channelId: number): Promise<number> {
    const startedAt = Date.now();
    let handled = 0;
    try {
      while (handled < this.perLane && !this.stopping) {
        const message = await claimNextMessage(this.outbox, channelId, Date.now(), this.options.policy, startedAt);
        if (!message) break;
        const outcome = await deliverClaimed(this.outbox, this.box, message, this.options.policy, this.abort.signal);
        handled += 1;
        this.options.onOutcome?.(outcome, channelId);
      }
    } catch (error) {
      this.options.onError?.(error, channelId);
    }
    return handled;
  }

  private refill(channelId: number): void {
    this.fill().catch((error: unknown) => this.options.onError?.(error, channelId));
  }
}
