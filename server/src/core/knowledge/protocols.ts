import { table } from "./table";

/** IP protocol keywords of IOS access lists and their numbers (IANA). `ip` matches every protocol. */
export const IP_PROTOCOLS: Readonly<Record<string, number>> = table({
  icmp: 1,
  igmp: 2,
  ipinip: 4,
  tcp: 6,
  igrp: 9,
  udp: 17,
  gre: 47,
  esp: 50,
  ahp: 51,
  eigrp: 88,
  ospf: 89,
  nos: 94,
  pim: 103,
  pcp: 108,
  sctp: 132,
});

/** UDP port keywords IOS accepts in access lists. */
export const UDP_PORTS: Readonly<Record<string, number>> = table({
  biff: 512,
  bootpc: 68,
  bootps: 67,
  discard: 9,
  dnsix: 195,
  domain: 53,
  echo: 7,
  isakmp: 500,
  mobile_ip: 434,
  nameserver: 42,
  "netbios-dgm": 138,
  "netbios-ns": 137,
  "netbios-ss": 139,
  "non500-isakmp": 4500,
  ntp: 123,
  pim_auto_rp: 496,
  rip: 520,
  snmp: 161,
  snmptrap: 162,
  sunrpc: 111,
  syslog: 514,
  tacacs: 49,
  talk: 517,
  tftp: 69,
  time: 37,
  who: 513,
  xdmcp: 177,
});

/** TCP port keywords IOS accepts in access lists. */
export const TCP_PORTS: Readonly<Record<string, number>> = table({
  bgp: 179,
  chargen: 19,
  cmd: 514,
  daytime: 13,
  discard: 9,
  domain: 53,
  echo: 7,
  exec: 512,
  finger: 79,
  ftp: 21,
  "ftp-data": 20,
  gopher: 70,
  hostname: 101,
  ident: 113,
  irc: 194,
  klogin: 543,
  kshell: 544,
  login: 513,
  lpd: 515,
  nntp: 119,
  pim_auto_rp: 496,
  pop2: 109,
  pop3: 110,
  smtp: 25,
  sunrpc: 111,
  tacacs: 49,
  talk: 517,
  telnet: 23,
  time: 37,
  uucp: 540,
  whois: 43,
  www: 80,
});

/** Well-known numbers the checks speak of. */
export const PROTO = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  GRE: 47,
  ESP: 50,
  AH: 51,
} as const;
/** Ports of IKE. */
export const PORT = { ISAKMP: 500, NAT_T: 4500 } as const;

/** The number of a protocol keyword or numeral; undefined for `ip` (any) and for unknown words. */
export function protocolNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (/^\d+$/.test(lower)) {
    const n = Number(lower);
    return n <= 255 ? n : undefined;
  }
  return IP_PROTOCOLS[lower];
}

/** The number of a port keyword or numeral for a protocol. */
export function portNumber(
  word: string,
  protocol: number | undefined,
): number | undefined {
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    return n <= 65535 ? n : undefined;
  }
  const lower = word.toLowerCase();
  if (protocol === PROTO.UDP) {
    return UDP_PORTS[lower];
  }
  if (protocol === PROTO.TCP) {
    return TCP_PORTS[lower];
  }
  return UDP_PORTS[lower] ?? TCP_PORTS[lower];
}
