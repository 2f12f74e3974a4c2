import { prefixContains, type Prefix } from "./address";

/** A route as the lookup needs it; `T` carries whatever the caller wants back (the config line...). */
export interface RouteEntry<T> {
  prefix: Prefix;
  /** Lower wins among equal prefixes, as administrative distance does. */
  distance: number;
  value: T;
}

/** Longest-prefix match; among equal lengths the lowest distance wins. Undefined when nothing covers. */
export function lookupRoute<T>(
  routes: readonly RouteEntry<T>[],
  address: number,
): RouteEntry<T> | undefined {
  let best: RouteEntry<T> | undefined;
  for (const route of routes) {
    if (!prefixContains(route.prefix, address)) {
      continue;
    }
    if (
      !best ||
      route.prefix.length > best.prefix.length ||
      (route.prefix.length === best.prefix.length &&
        route.distance < best.distance)
    ) {
      best = route;
    }
  }
  return best;
}
