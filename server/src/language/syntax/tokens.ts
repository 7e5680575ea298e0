// Token kinds of the line-oriented lexer. A token is its kind plus a span; the
// lexer is a cursor, so scanning a line allocates nothing.
export const enum Tok {
  EOF,
  Newline,
  Ident,
  Number,
  /** A word starting with a digit that is not a number (e.g. `2MSL`). */
  Word,
  String,
  /** A string missing its closing quote. */
  BadString,
  Arrow,
  LostArrow,
  Colon,
  Comma,
  Plus,
  Minus,
  Pipe,
  Equals,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Unknown,
}

export const TOKEN_NAMES: Record<Tok, string> = {
  [Tok.EOF]: 'end of file',
  [Tok.Newline]: 'end of line',
  [Tok.Ident]: 'name',
  [Tok.Number]: 'number',
  [Tok.Word]: 'word',
  [Tok.String]: 'string',
  [Tok.BadString]: 'string',
  [Tok.Arrow]: "'->'",
  [Tok.LostArrow]: "'-x'",
  [Tok.Colon]: "':'",
  [Tok.Comma]: "','",
  [Tok.Plus]: "'+'",
  [Tok.Minus]: "'-'",
  [Tok.Pipe]: "'|'",
  [Tok.Equals]: "'='",
  [Tok.LParen]: "'('",
  [Tok.RParen]: "')'",
  [Tok.LBrace]: "'{'",
  [Tok.RBrace]: "'}'",
  [Tok.Unknown]: 'character',
};
