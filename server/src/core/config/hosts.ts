import type { ConfigModel } from "./model";

/**
 * The address a host name resolves to on the router by itself (`ip host NAME ADDRESS`, its first
 * address), or undefined when only DNS could tell. IOS resolves a `set peer NAME` or `tunnel
 * destination NAME` when the command is entered, so the static entry is the peer's address.
 */
export function resolveHost(
  model: ConfigModel,
  name: string | undefined,
): number | undefined {
  if (name === undefined || !model.staticHosts.length) {
    return undefined;
  }
  const lower = name.toLowerCase();
  return model.staticHosts.find((h) => h.name === lower)?.addresses[0];
}
