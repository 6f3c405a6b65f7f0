/**
 * The discrete-event queue: a binary heap ordered by (time, seq). `seq` is the insertion order, so two events at
 * the same virtual time run in the order they were scheduled, and a run never depends on heap internals.
 */
import type { Micros } from '../model/scenario';

/**
 * One scheduled happening. A background timer (a replica's connect retry) carries `canProgress`: when only such
 * timers are left and none of them can change anything, the run has settled.
 */
export interface QueuedEvent {
  time: Micros;
  seq: number;
  run: () => void;
  canProgress: (() => boolean) | undefined;
  /** Cancelled events stay in the heap and are skipped when popped. */
  cancelled: boolean;
  /** Still in the heap (not yet popped). */
  queued: boolean;
  /** The line of the file that caused it (world.cause while it runs). */
  cause: number | undefined;
}

/** A min-heap of events by (time, seq). */
export class EventQueue {
  private readonly heap: QueuedEvent[] = [];
  private nextSeq = 0;
  /** Waiting events that are neither cancelled nor background timers: while there is one, the run is not idle. */
  private foreground = 0;
  /** Waiting background timers (not cancelled). */
  private readonly background = new Set<QueuedEvent>();
  /** Cancelled events still in the heap. */
  private cancelledInHeap = 0;

  /** Number of events waiting. */
  get size(): number {
    return this.heap.length;
  }

  /** Adds an event; returns it (its seq is assigned here). */
  push(time: Micros, run: () => void, cause?: number, canProgress?: () => boolean): QueuedEvent {
    const ev: QueuedEvent = { time, seq: this.nextSeq++, run, canProgress, cancelled: false, queued: true, cause };
    if (canProgress) this.background.add(ev);
    else this.foreground++;
    this.heap.push(ev);
    this.up(this.heap.length - 1);
    return ev;
  }

  /** The earliest event without removing it. */
  peek(): QueuedEvent | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event. */
  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.down(0);
    }
    top.queued = false;
    if (top.cancelled) this.cancelledInHeap--;
    else this.forget(top);
    return top;
  }

  /**
   * Cancels a waiting event: it is skipped when popped. Its closure is let go at once (a cancelled semi-sync timeout
   * would otherwise keep its transaction alive until its time), and when cancelled events are most of the heap, the
   * heap is rebuilt without them; (time, seq) is a total order, so the order of the rest does not change.
   */
  cancel(ev: QueuedEvent): void {
    if (ev.cancelled) return;
    ev.cancelled = true;
    ev.run = skipped;
    ev.canProgress &&= noProgress;
    if (!ev.queued) return;
    this.forget(ev);
    if (++this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.length) this.compact();
  }

  private compact(): void {
    const kept = this.heap.filter((e) => !e.cancelled);
    for (const e of this.heap) if (e.cancelled) e.queued = false;
    this.heap.length = 0;
    for (const e of kept) {
      this.heap.push(e);
      this.up(this.heap.length - 1);
    }
    this.cancelledInHeap = 0;
  }

  private forget(ev: QueuedEvent): void {
    if (ev.canProgress) this.background.delete(ev);
    else this.foreground--;
  }

  /** True when every waiting event is cancelled or a background timer that cannot change anything now. */
  idle(): boolean {
    if (this.foreground > 0) return false;
    for (const e of this.background) if (e.canProgress!()) return false;
    return true;
  }

  /** A copy of the waiting events in (time, seq) order (for reports; not for the hot path). */
  pending(): QueuedEvent[] {
    return [...this.heap].sort((a, b) => a.time - b.time || a.seq - b.seq);
  }

  private up(i: number): void {
    const heap = this.heap;
    const ev = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(ev, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = ev;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const ev = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && before(heap[r], heap[l]) ? r : l;
      const child = heap[m];
      if (!before(child, ev)) break;
      heap[i] = child;
      i = m;
    }
    heap[i] = ev;
  }
}

function skipped(): void {}

function noProgress(): boolean {
  return false;
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
