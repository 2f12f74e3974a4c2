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
export const TRANSFORM_MODE_DEFAULT = "tunnel" as const;

/** The administrative distance of a static route with none written. */
export const STATIC_ROUTE_DISTANCE = 1;

/**
 * Why each default above decides a negotiation, for the hints that show a default where its line
 * would be written (plain text, a sentence or two each; the values come from the tables above).
 */
export const DEFAULT_EFFECTS = {
  /** After "Without a LINE line, IOS uses VALUE, which show running-config never prints." */
  isakmpPolicy: {
    /** Encryption, hash, authentication and group. */
    match: "The peer's policy must use it too, or phase 1 fails.",
    lifetime:
      "A responder refuses an offer whose lifetime is longer than its own policy's, and the SA takes the shorter one.",
  },
  transformMode: `Without a mode line a transform set is ${TRANSFORM_MODE_DEFAULT} mode, which refuses a peer that proposes transport mode (a transport set accepts either).`,
  ipsecLifetime: {
    ikev1: `Without set security-association lifetime, the SAs take the global crypto ipsec security-association lifetime, else ${IPSEC_LIFETIME_DEFAULTS.seconds} s and ${IPSEC_LIFETIME_DEFAULTS.kilobytes} KB. IKEv1 agrees on the shorter of the two peers' lifetimes, so a difference decides when the SAs rekey, not whether they come up.`,
    ikev2: `Without set security-association lifetime, the SAs take the global crypto ipsec security-association lifetime, else ${IPSEC_LIFETIME_DEFAULTS.seconds} s and ${IPSEC_LIFETIME_DEFAULTS.kilobytes} KB. IKEv2 does not negotiate lifetimes: each end rekeys when its own runs out.`,
  },
  /** After the above, where the global command disables the volume lifetime. */
  ipsecVolumeDisabled:
    "The global crypto ipsec security-association lifetime kilobytes disable turns the volume lifetime off, so these SAs rekey on time only; a set security-association lifetime kilobytes line here would give them one again.",
  isakmpDpd:
    "Without keepalive here or a global crypto isakmp keepalive, IKEv1 runs no dead peer detection: a peer that reboots or fails over goes unnoticed, and traffic goes into SAs it no longer has until they expire.",
  trustpointRevocation:
    "Without a revocation-check line a trustpoint checks every peer certificate against its CA's CRL (revocation-check crl), fetched from the certificate's CRL distribution point (from the CA by SCEP when it names none): a CRL the router cannot reach or that has expired fails the validation, and IKE with it. `revocation-check crl none` accepts the certificate when the CRL is out of reach; `revocation-check none` never checks.",
} as const;
