/** The German (1996 rules) patterns of the `hyphen` package, which ships no types of its own. */
declare module 'hyphen/de/index.js' {
  interface HyphenOptions {
    /** inserted at each break opportunity; U+00AD (soft hyphen) by default */
    hyphenChar?: string;
    minWordLength?: number;
    exceptions?: string[];
  }
  /** CommonJS: imported as the default export */
  const hyphen: { hyphenateSync(text: string, options?: HyphenOptions): string };
  export default hyphen;
}
