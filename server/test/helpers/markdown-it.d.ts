// The part of markdown-it's API the hover tests use (the package ships no types).
declare module 'markdown-it' {
  interface Token {
    type: string;
    tag: string;
    content: string;
    attrs: [string, string][] | null;
    children: Token[] | null;
  }
  class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean });
    parse(src: string, env: object): Token[];
  }
  export = MarkdownIt;
}
