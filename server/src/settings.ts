/**
 * The server's settings (the `replscope.*` configuration of the editor), typed and validated once: read when the
 * client is initialized and again when it says the configuration changed, never per request.
 */
export interface Settings {
  inlayHints: { enabled: boolean };
}

export const DEFAULT_SETTINGS: Settings = { inlayHints: { enabled: true } };

/** The settings in a `replscope` configuration section; anything missing or of the wrong type keeps its default. */
export function settingsFrom(section: unknown): Settings {
  const inlayHints = field(section, 'inlayHints');
  const enabled = field(inlayHints, 'enabled');
  return { inlayHints: { enabled: typeof enabled === 'boolean' ? enabled : DEFAULT_SETTINGS.inlayHints.enabled } };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
