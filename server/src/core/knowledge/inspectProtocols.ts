import { table } from "./table";

/**
 * What `match protocol NAME` of an inspect class-map (zone-based policy firewall) selects. The
 * layer 4 names select a whole IP protocol; the application names are entries of the router's
 * port-to-application map (PAM, `show ip port-map`), which gives each a transport and server
 * ports, and select packets to those ports. `ip port-map NAME port ...` lines add ports to an
 * application, so an application named by such a line (or a port such a line maps) is judged by
 * nobody.
 *
 * Only names whose transport and ports are well established are listed: the ZBF evaluation
 * treats any other name as unknown (it may match), never as a match or a miss. Every application
 * here runs over TCP or UDP, so none of them selects ESP or AH, which have no ports.
 *
 * `isakmp` (UDP 500) is the name inspect class-maps use for IKE in published ZBF examples;
 * `ipsec-msft` is PAM's name for UDP 4500 (IPsec NAT traversal). That both are system-defined
 * PAM entries on every release is an assumption, stated in docs/diagnostics.md.
 */

/** A layer 4 protocol `match protocol` can name. */
export interface InspectLayer4 {
  kind: "layer4";
  /** IP protocol number. */
  protocol: number;
  meaning: string;
}

/** A PAM application: a transport and its server ports. */
export interface InspectApplication {
  kind: "application";
  tcp?: readonly number[];
  udp?: readonly number[];
  meaning: string;
}

export type InspectProtocol = InspectLayer4 | InspectApplication;

const app = (
  meaning: string,
  ports: { tcp?: number[]; udp?: number[] },
): InspectApplication => ({ kind: "application", meaning, ...ports });

/** The names `match protocol` takes that the evaluation knows, lower case. */
export const INSPECT_PROTOCOLS: Readonly<Record<string, InspectProtocol>> =
  table({
    tcp: {
      kind: "layer4",
      protocol: 6,
      meaning: "every TCP connection",
    },
    udp: {
      kind: "layer4",
      protocol: 17,
      meaning: "every UDP flow, IKE (UDP 500) and NAT-T (UDP 4500) included",
    },
    icmp: { kind: "layer4", protocol: 1, meaning: "ICMP (ping, errors)" },
    isakmp: app("IKE (ISAKMP), UDP port 500", { udp: [500] }),
    "ipsec-msft": app("IPsec NAT traversal (NAT-T), UDP port 4500", {
      udp: [4500],
    }),
    ssh: app("SSH, TCP port 22", { tcp: [22] }),
    telnet: app("Telnet, TCP port 23", { tcp: [23] }),
    ftp: app("FTP, TCP port 21", { tcp: [21] }),
    http: app("HTTP, TCP port 80", { tcp: [80] }),
    https: app("HTTPS, TCP port 443", { tcp: [443] }),
    smtp: app("SMTP, TCP port 25", { tcp: [25] }),
    pop3: app("POP3, TCP port 110", { tcp: [110] }),
    imap: app("IMAP, TCP port 143", { tcp: [143] }),
    dns: app("DNS, TCP and UDP port 53", { tcp: [53], udp: [53] }),
    ntp: app("NTP, UDP port 123", { udp: [123] }),
    snmp: app("SNMP, UDP port 161", { udp: [161] }),
    tftp: app("TFTP, UDP port 69", { udp: [69] }),
    bootps: app("DHCP/BOOTP server, UDP port 67", { udp: [67] }),
    bootpc: app("DHCP/BOOTP client, UDP port 68", { udp: [68] }),
    syslog: app("syslog, UDP port 514", { udp: [514] }),
    tacacs: app("TACACS+, port 49", { tcp: [49], udp: [49] }),
    gdoi: app("GDOI (GETVPN key server), UDP port 848", { udp: [848] }),
    h323: app("H.323 call signalling, TCP port 1720", { tcp: [1720] }),
    sip: app("SIP, TCP and UDP port 5060", { tcp: [5060], udp: [5060] }),
    pptp: app("PPTP control, TCP port 1723", { tcp: [1723] }),
  });

/** The entry for a name written after `match protocol`, if the table knows it. */
export function inspectProtocol(name: string): InspectProtocol | undefined {
  return INSPECT_PROTOCOLS[name.toLowerCase()];
}
