// The part of markdown-it's API the Markdown preview tests use (the package ships no types).
declare module 'markdown-it' {
  class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean });
    renderer: { rules: Record<string, unknown> };
    render(src: string, env?: object): string;
  }
  export = MarkdownIt;
}
