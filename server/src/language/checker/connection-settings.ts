/**
 * The rules of the settings by which a replica notices a dead source (slave_net_timeout, MASTER_HEARTBEAT_PERIOD,
 * MASTER_CONNECT_RETRY, master_retry_count) and of a link's bandwidth.
 */
import type * as A from '../ast';
import type { LinkConfig, ServerConfig } from '../../model/scenario';
import { MAX_HEARTBEAT_PERIOD } from '../../model/settings';
import type { CheckContext } from './context';

/** Reports a heartbeat period MySQL would refuse or that cannot keep the connection alive. */
export function checkConnectionSettings(ctx: CheckContext, config: ServerConfig, at: (name: string) => A.Range | undefined): void {
  const period = at('master_heartbeat_period');
  const p = config.masterHeartbeatPeriod;
  if (!period || p === undefined) return;
  if (p > MAX_HEARTBEAT_PERIOD)
    ctx.error('out-of-range', period, 'MASTER_HEARTBEAT_PERIOD is at most 4294967 seconds (error 1703 otherwise)');
  else if (p > 0 && p < 1000)
    ctx.error('out-of-range', period, 'MASTER_HEARTBEAT_PERIOD is 0 (no heartbeats) or at least 1ms: a shorter one is reset to 0');
  else if (p > config.slaveNetTimeout * 1_000_000)
    ctx.warning(
      'doubtful-setting',
      period,
      `a heartbeat period longer than slave_net_timeout (${config.slaveNetTimeout} s) cannot keep an idle connection alive: the replica times out and reconnects between heartbeats (MySQL warns the same, 1704)`,
    );
}

/** Bandwidths a link may have: from 1 KB/s to 100 GB/s. */
const MIN_BANDWIDTH = 1024;
const MAX_BANDWIDTH = 100 * 1024 ** 3;

/** `link A -> B bandwidth 10MB/s`: the bytes per second, or nothing after saying why it is wrong. */
export function linkBandwidth(ctx: CheckContext, decl: A.LinkDecl): Pick<LinkConfig, 'bandwidth'> {
  const b = decl.bandwidth;
  if (!b) return {};
  if (b.bytesPerSecond === undefined) {
    ctx.error('bad-value', b.range, 'bandwidth takes a rate such as 512KB/s, 10MB/s or 1GB/s (bytes per second)');
    return {};
  }
  if (b.bytesPerSecond < MIN_BANDWIDTH || b.bytesPerSecond > MAX_BANDWIDTH) {
    ctx.error('out-of-range', b.range, 'bandwidth is between 1KB/s and 100GB/s');
    return {};
  }
  return { bandwidth: b.bytesPerSecond };
}
