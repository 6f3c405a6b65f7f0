/**
 * Multi-source replication: a replica with one replication channel per source (`replica r1 of m1, m2 for channel c2`),
 * MySQL 5.7+'s FOR CHANNEL and MariaDB's named connections. Checks the declaration's channels and resolves which
 * channels a `start`/`stop` or an `expect … for channel` names.
 */
import type * as A from '../ast';
import type { ChannelConfig, Flavor, ServerConfig } from '../../model/scenario';
import type { CheckContext } from './context';

/** Why a flavor has no replication channels, or undefined when it has them. */
export function channelsMissing(flavor: Flavor): string | undefined {
  return flavor === 'mysql-5.5'
    ? 'MySQL 5.5 replicates from one source: replication channels (FOR CHANNEL) came with MySQL 5.7, and MariaDB names its connections'
    : undefined;
}

/**
 * The channels of a replica declared with several sources or a `for channel`: each source resolved, each channel name
 * and each source once, on a flavor that has channels (and, on MySQL 5.7, TABLE repositories). Undefined when the
 * declaration is unusable; the first channel's source is the replica's `sourceName`.
 */
export function checkDeclaredChannels(ctx: CheckContext, decl: A.ServerDecl, config: ServerConfig): ChannelConfig[] | undefined {
  const sources = decl.channels ?? [];
  const missing = channelsMissing(config.flavor);
  if (missing) {
    ctx.error('bad-value', sources[1]?.of.range ?? sources[0]?.channel?.range ?? decl.name.range, `${missing}`);
    return undefined;
  }
  if (config.flavor === 'mysql-5.7' && (config.masterInfoRepository === 'file' || config.relayLogInfoRepository === 'file'))
    ctx.error(
      'bad-value',
      decl.name.range,
      'MySQL 5.7 refuses a second channel with FILE repositories (ERROR 3077: To have multiple channels, repository cannot be of type FILE; Please check the repository configuration and convert them to TABLE.): add master_info_repository=table, relay_log_info_repository=table',
    );
  const channels: ChannelConfig[] = [];
  const byName = new Map<string, A.ChannelSource>();
  const bySource = new Map<string, A.ChannelSource>();
  let ok = true;
  for (const c of sources) {
    const name = c.channel?.text ?? '';
    const where = c.channel?.range ?? c.of.range;
    const twin = byName.get(name);
    if (twin) {
      ctx.error(
        'duplicate-name',
        where,
        name === ''
          ? `${decl.name.text} already replicates from ${twin.of.text} on the default channel: name this one (\`${c.of.text} for channel NAME\`)`
          : `channel ${name} is already ${decl.name.text}'s channel from ${twin.of.text}`,
      );
      ok = false;
      continue;
    }
    byName.set(name, c);
    if (c.of.text === decl.name.text) {
      ctx.error('self-replication', c.of.range, `${decl.name.text} cannot be a replica of itself`);
      ok = false;
      continue;
    }
    if (!ctx.resolve(c.of, ['server'], 'server')) {
      ok = false;
      continue;
    }
    const same = bySource.get(c.of.text);
    if (same) {
      const other = same.channel ? `channel ${same.channel.text}` : 'the default channel';
      ctx.error(
        'duplicate-name',
        c.of.range,
        config.flavor === 'mariadb-10.11'
          ? `${decl.name.text} already replicates from ${c.of.text} through ${other}: MariaDB refuses a second connection to the same source (ERROR 1934, conflicts with existing connection)`
          : `${decl.name.text} already replicates from ${c.of.text} through ${other}: MySQL refuses two channels to the same host and port (ERROR 3075)`,
      );
      ok = false;
      continue;
    }
    bySource.set(c.of.text, c);
    channels.push({ name, sourceName: c.of.text });
  }
  return ok && channels.length > 0 ? channels : undefined;
}

/**
 * The channels a `start`/`stop` acts on, as the server does: FOR CHANNEL names one; without it MySQL's START REPLICA
 * acts on every channel and MariaDB's START SLAVE on the default connection (default_master_connection = '').
 * Undefined for a replica without channels; an empty list after an error.
 */
export function controlledChannels(ctx: CheckContext, step: A.ThreadControl, config: ServerConfig | undefined): string[] | undefined {
  const channels = config?.channels;
  if (!channels) {
    if (step.channel && config) {
      const missing = channelsMissing(config.flavor);
      ctx.error(
        'unknown-name',
        step.channel.range,
        missing ?? `${config.name} has no channel ${step.channel.text}: it replicates on the default channel only`,
      );
      return [];
    }
    return undefined;
  }
  if (step.channel) {
    const name = step.channel.text;
    if (channels.some((c) => c.name === name)) return [name];
    ctx.error(
      'unknown-name',
      step.channel.range,
      `${config.name} has no channel ${name}: its channels are ${channels.map((c) => (c.name === '' ? "'' (default)" : c.name)).join(', ')}`,
    );
    return [];
  }
  if (config.flavor !== 'mariadb-10.11') return channels.map((c) => c.name);
  if (channels.some((c) => c.name === '')) return [''];
  ctx.error(
    'unknown-name',
    step.server.range,
    `MariaDB's ${step.op.toUpperCase()} SLAVE acts on the default connection '' (default_master_connection), which ${config.name} does not have: add \`for channel ${channels[0]?.name ?? 'NAME'}\``,
  );
  return [];
}

/** The channel an `expect R for channel C VAR …` reads, checked against the replica's channels. */
export function expectedChannel(ctx: CheckContext, channel: A.Name | undefined, config: ServerConfig | undefined): string | undefined {
  if (!channel || !config) return undefined;
  if ((config.channels ?? []).some((c) => c.name === channel.text)) return channel.text;
  ctx.error(
    'unknown-name',
    channel.range,
    config.channels
      ? `${config.name} has no channel ${channel.text}: its channels are ${config.channels.map((c) => (c.name === '' ? "'' (default)" : c.name)).join(', ')}`
      : `${config.name} has no channel ${channel.text}`,
  );
  return undefined;
}
