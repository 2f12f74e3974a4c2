import type { ChoiceValue, CommandSpec } from "./cryptoCommands";
import { INSPECT_PROTOCOLS } from "./inspectProtocols";
import { table } from "./table";

/**
 * The commands of the zone-based policy firewall (ZBF) that decide whether IKE and ESP reach the
 * router, in the notation of cryptoCommands.ts, which merges them into its tables. Interfaces join
 * zones; a zone-pair names a source and a destination zone (`self` is the router itself) and
 * attaches an inspect policy-map, whose classes (inspect class-maps) are tried in order, each with
 * an action: inspect, pass or drop.
 */

/** The choice tables the firewall syntaxes name. */
export const ZONE_FIREWALL_CHOICE_TABLES: Readonly<
  Record<string, readonly ChoiceValue[]>
> = table({
  "class-map-match": [
    {
      value: "match-any",
      meaning:
        "the class matches a packet that any one of its match lines selects",
    },
    {
      value: "match-all",
      meaning:
        "the class matches only a packet that every match line selects (the default)",
    },
  ],
  "inspect-protocol": Object.entries(INSPECT_PROTOCOLS).map(
    ([value, protocol]) => ({ value, meaning: protocol.meaning }),
  ),
});

/**
 * The zones IOS defines itself, which a zone-pair may name beside the configured ones: `self` is
 * the router, the source or destination of its own traffic (IKE and ESP to its addresses).
 */
export const BUILT_IN_ZONES: readonly ChoiceValue[] = [
  {
    value: "self",
    meaning:
      "the router itself: traffic addressed to it (IKE, ESP and AH of its crypto peers) or sent by it",
  },
];

const PASS_NOTE =
  "A passed packet leaves no session behind, so its replies need a pass (or an inspect) in the opposite zone-pair. ESP and AH to or from the router must be passed, in both directions.";

/** The firewall commands, most specific first within a mode. */
export const ZONE_FIREWALL_COMMANDS: readonly CommandSpec[] = [
  {
    context: "top",
    syntax: "zone security <zone>",
    summary:
      "Creates a security zone of the zone-based firewall; interfaces join it with `zone-member security`. Traffic between two zones needs a zone-pair whose policy lets it through, while traffic to or from the router itself (the `self` zone) flows freely until a zone-pair names `self`.",
  },
  {
    context: "top",
    syntax: "zone-pair security <zone-pair> source {zone} destination {zone}",
    builtInZones: true,
    summary:
      "The firewall policy for traffic from one zone to another, one way only. With `self` as the destination it filters what reaches the router itself, as the source what the router sends: once such a pair has a policy, a peer's IKE (UDP 500 and 4500) and ESP get through only if a class of that policy passes or inspects them; everything else falls to class-default and is dropped.",
  },
  {
    context: "top",
    syntax: "class-map type inspect (class-map-match)? <class-map>",
    summary:
      "Opens an inspect class-map: the traffic one class of a firewall policy acts on, chosen by `match protocol`, `match access-group` (what an ACL permits) or `match class-map` lines.",
  },
  {
    context: "top",
    syntax: "policy-map type inspect <policy-map>",
    summary:
      "Opens a firewall policy: classes tried in order, the first that matches deciding with its action (inspect, pass or drop), and class-default, which drops, for everything else. A zone-pair applies it with `service-policy type inspect`.",
  },
  {
    context: "interface",
    syntax: "zone-member security {zone}",
    summary:
      "Puts the interface in a firewall zone: traffic between it and interfaces of other zones (or of no zone) then needs a zone-pair policy. Traffic addressed to the router itself, IKE and ESP of the crypto peers included, is filtered only by a zone-pair between this zone and `self`.",
  },
  {
    context: "zone-pair",
    syntax: "service-policy type inspect {policy-map}",
    summary:
      "Applies the inspect policy-map to the zone-pair's traffic. Without it the pair filters nothing toward or from `self`.",
  },
  {
    context: "inspect-class-map",
    syntax: "match protocol (inspect-protocol)",
    summary:
      "Selects traffic by protocol: `tcp`, `udp` and `icmp` take the whole protocol, an application name (`ssh`, `isakmp`) the ports the router's port-to-application map gives it (`show ip port-map`). ESP and AH have no ports and are selected with an ACL (`match access-group`).",
  },
  {
    context: "inspect-class-map",
    syntax: "match access-group name {acl}",
    summary:
      "Selects what the named access list permits (its first matching line decides); the usual way to select ESP (`permit esp ...`) and AH.",
  },
  {
    context: "inspect-class-map",
    syntax: "match access-group {acl}",
    summary:
      "Selects what the numbered access list permits (its first matching line decides).",
  },
  {
    context: "inspect-class-map",
    syntax: "match class-map {class-map}",
    summary: "Selects what another inspect class-map matches.",
  },
  {
    context: "inspect-policy-map",
    syntax: "class type inspect {class-map}",
    summary:
      "A class of the policy: traffic its class-map matches gets the action written under it (drop when none is). Classes are tried in order and the first match decides.",
  },
  {
    context: "inspect-policy-map",
    syntax: "class class-default",
    summary:
      "What no earlier class matched. Its action is drop unless another is written, so a policy between a zone and `self` drops the peer's IKE and ESP unless a class before it passes or inspects them.",
  },
  {
    context: "inspect-policy-class",
    syntax: "inspect <parameter-map>?",
    summary:
      "Inspects the class's traffic statefully: the replies of a session it allowed are let back in. For the router's own traffic the firewall inspects TCP and UDP (IKE included), not ESP or AH.",
  },
  {
    context: "inspect-policy-class",
    syntax: "pass log?",
    summary: `Lets the class's traffic through without inspecting it. ${PASS_NOTE}`,
  },
  {
    context: "inspect-policy-class",
    syntax: "drop log?",
    summary:
      "Drops the class's traffic (`log` reports it). It is also what a class without an action line, and class-default, do.",
  },
];
