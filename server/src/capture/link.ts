import { u16, u32 } from './bytes';

// Link layers: where the IP header starts in a frame, and which IP version the
// link header announces.
const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
/** DLT_RAW as most systems number it; OpenBSD uses 14. */
const LINKTYPE_RAW_12 = 12;
const LINKTYPE_RAW_14 = 14;
const LINKTYPE_RAW = 101;
const LINKTYPE_LOOP = 108;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_IPV4 = 228;
const LINKTYPE_IPV6 = 229;
const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

/** Address-family values of the BSD loopback header: AF_INET6 differs by system. */
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

export interface NetworkLayer {
  /** Offset of the IP header in the frame. */
  readonly offset: number;
  readonly version: 4 | 6;
}

const SUPPORTED = new Set([
  LINKTYPE_NULL,
  LINKTYPE_ETHERNET,
  LINKTYPE_RAW_12,
  LINKTYPE_RAW_14,
  LINKTYPE_RAW,
  LINKTYPE_LOOP,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL2,
]);

export function isSupportedLinkType(linkType: number): boolean {
  return SUPPORTED.has(linkType);
}

/** Where the IP packet of a frame starts, or undefined when it carries no IP. */
export function networkLayer(linkType: number, data: Uint8Array): NetworkLayer | undefined {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return byEthertype(data, 12, 14);
    case LINKTYPE_LINUX_SLL:
      return byEthertype(data, 14, 16);
    case LINKTYPE_LINUX_SLL2:
      return byEthertype(data, 0, 20);
    case LINKTYPE_NULL:
      // The family is in the byte order of the capturing host; a value that
      // does not fit 16 bits was written by the other byte order.
      return data.length >= 4 ? byFamily(u32(data, 0, true) > 0xffff ? u32(data, 0) : u32(data, 0, true)) : undefined;
    case LINKTYPE_LOOP:
      return data.length >= 4 ? byFamily(u32(data, 0)) : undefined;
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_12:
    case LINKTYPE_RAW_14:
      return data.length >= 1 ? byVersion(data[0] >> 4) : undefined;
    case LINKTYPE_IPV4:
      return { offset: 0, version: 4 };
    case LINKTYPE_IPV6:
      return { offset: 0, version: 6 };
    default:
      return undefined;
  }
}

/**
 * The ethertype is at `typeAt`, the payload at `payloadAt`; 802.1Q / 802.1ad
 * tags in the payload each hold the next ethertype.
 */
function byEthertype(data: Uint8Array, typeAt: number, payloadAt: number): NetworkLayer | undefined {
  if (typeAt + 2 > data.length) return undefined;
  let type = u16(data, typeAt);
  while (VLAN_TAGS.has(type)) {
    if (payloadAt + 4 > data.length) return undefined;
    type = u16(data, payloadAt + 2);
    payloadAt += 4;
  }
  if (type === ETHERTYPE_IPV4) return { offset: payloadAt, version: 4 };
  if (type === ETHERTYPE_IPV6) return { offset: payloadAt, version: 6 };
  return undefined;
}

function byFamily(family: number): NetworkLayer | undefined {
  if (family === AF_INET) return { offset: 4, version: 4 };
  if (AF_INET6.has(family)) return { offset: 4, version: 6 };
  return undefined;
}

function byVersion(version: number): NetworkLayer | undefined {
  return version === 4 || version === 6 ? { offset: 0, version } : undefined;
}
