import type { IsakmpAttributes } from "../config/model";

/**
 * IOS defaults that the configs leave out. `show running-config` omits every attribute that has
 * its default value, so the model fills them in from here.
 */

/** Attributes of a `crypto isakmp policy` that sets none (IOS 12.x and 15.x IKEv1). */
export const ISAKMP_POLICY_DEFAULTS: IsakmpAttributes = {
  encryption: "des",
  hash: "sha",
  authentication: "rsa-sig",
  group: 1,
  lifetime: 86400,
};

/** The priority IOS gives its built-in default protection suite. */
export const DEFAULT_POLICY_PRIORITY = 65535;

/** IPsec SA lifetimes when neither the map nor the global command sets them. */
export const IPSEC_LIFETIME_DEFAULTS = { seconds: 3600, kilobytes: 4608000 };

/** Transform set mode when `mode` is not written. */
export const TRANSFORM_MODE_DEFAULT = "tunnel";

/** The administrative distance of a static route with none written. */
export const STATIC_ROUTE_DISTANCE = 1;
