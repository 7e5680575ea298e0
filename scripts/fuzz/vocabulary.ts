// Tokens a mutation inserts: the language's own words (so mutated text gets deep
// into the parser and checker), edge numbers, and hostile text for the outputs.
import { FLAG_NAMES, KNOWN_FIELDS } from '../../server/src/language/syntax/ast';
import { STATE_NAMES } from '../../server/src/language/tcp/states';

/** Numbers at the edges of the 32-bit sequence space and beyond. */
export const EDGE_NUMBERS = ['0', '1', '4294967295', '4294967296', '2147483648', '0xFFFFFFFF', '0x100000000', '99999999999999999999', '1e309', '-1', '00', '0.0', '1.5'];

/** Text that must come out escaped (or harmless) in every generated document. */
export const HOSTILE = [
  '<script>alert(1)</script>', '<SCRIPT src=x>', '[x](javascript:alert(1))', '<javascript:alert(1)>', '<img src=x onerror=alert(1)>',
  '%%{init: {"securityLevel": "loose"}}%%', 'click P0 call alert()', 'link P0: x @ javascript:alert(1)', '```', '| a | b |', '*_`#',
];

/** Characters that trouble offsets and rendering: line breaks, lone surrogates, bidi controls, NUL. */
export const AWKWARD = ['\r', '\r\n', '\n', '\u2028', '\ud800', '\udc00', '\ud83d\ude00', '\u202e', '\u2066', '\u200f', '\ufeff', '\u0000', '\t', '\u00a0', 'é'];

const STRUCTURE = [
  '->', '-x', ':', '(', ')', '+', '-', ',', '|', '=', '"', '\\"', '{', '}', '#', '//', ' ', '  ', 'simultaneous {', 'endpoint', 'title', 'note', 'old',
  'listen', 'close', 'timeout', 'wait', '2MSL', 'wait 2MSL', 'A', 'B', 'Client', 'Server', 'ISN_A', 'ISN_Client', 'FIN', 'SYN+1', 'FIN + 1',
  '"data"', '"GET / HTTP/1.1"', '0.5', '1.0', 'note over Client: "x"', 'Client -> Server :', 'Server -> Client : ACK', 'Client -x Server : FIN',
];

export const VOCABULARY: readonly string[] = [
  ...STRUCTURE,
  ...FLAG_NAMES, ...FLAG_NAMES.map((f) => `${f}(`), ...FLAG_NAMES.map((f) => f.toLowerCase()),
  ...KNOWN_FIELDS.map((f) => `${f}=`), 'colour=', 'SEQ=',
  ...Object.values(STATE_NAMES), 'TIME_WAIT', 'fin-wait-1',
  ...EDGE_NUMBERS, ...HOSTILE, ...AWKWARD,
];
