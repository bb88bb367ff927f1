import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** stands for `**` while a pattern is turned into a regular expression (a character no path contains) */
const GLOBSTAR = '\uE000';

/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** The stages of a Dockerfile; comments and line continuations handled, nothing else interpreted. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1).trimEnd() + ' ' + lines[++i]!.trim();
    }
    const match = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]!, line: start };
    if (instruction.keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from) throw new Error(`Dockerfile line ${start}: cannot read FROM ${instruction.args}`);
      stages.push({ from: from[1]!, name: from[2], instructions: [] });
    } else {
      if (stages.length === 0) throw new Error(`Dockerfile line ${start}: ${instruction.keyword} before FROM`);
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** ENV a=b c="d e" (the key=value form) */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/(\w+)=("([^"]*)"|\S*)/g)) env[match[1]!] = match[3] ?? match[2]!;
  return env;
}

/** A matcher for .dockerignore patterns (no exceptions with '!'; '**', '*' and '?' as Docker reads them). */
export function dockerignore(text: string): (relativePath: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((pattern) => {
      if (pattern.startsWith('!')) throw new Error(`.dockerignore: exceptions (${pattern}) are not supported by this test`);
      const clean = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
      const source = clean
        .split('/')
        .map((part) =>
          part === '**'
            ? GLOBSTAR
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replaceAll(`${GLOBSTAR}/`, '(?:.*/)?')
        .replaceAll(GLOBSTAR, '.*');
      return new RegExp(`^${source}$`);
    });
  return (relativePath) => {
    const parts = relativePath.split('/');
    // a matching folder excludes everything below it
    for (let end = 1; end <= parts.length; end++) {
      const prefix = parts.slice(0, end).join('/');
      if (patterns.some((pattern) => pattern.test(prefix))) return true;
    }
    return false;
  };
}

function copyTree(from: string, to: string, relative: string, ignored: (relativePath: string) => boolean): number {
  if (ignored(relative)) return 0;
  const stat = lstatSync(from);
  if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    let count = 0;
    for (const entry of readdirSync(from)) count += copyTree(path.join(from, entry), path.join(to, entry), `${relative}/${entry}`, ignored);
    return count;
  }
  if (!stat.isFile()) throw new Error(`COPY: ${relative} is neither a file nor a folder (symlinks are not expected in the build context)`);
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
  return 1;
}

/**
 * COPY <src>... <dest> from the build context as Docker does it: a file goes into `dest` (a folder
 * when it ends with / or several sources are given), a folder's contents are merged into `dest`,
 * and what .dockerignore names is not part of the context. Answers the number of files copied.
 */
export function copyFromContext(args: string, context: string, workdir: string): number {
  const words = args.split(/\s+/).filter(Boolean);
  if (words.some((word) => word.startsWith('--'))) throw new Error(`COPY ${args}: options are not supported by this test`);
  const dest = words.pop()!;
  const sources = words;
  if (sources.length === 0) throw new Error(`COPY ${args}: no source`);
  const ignoreFile = path.join(context, '.dockerignore');
  let ignoreText = '';
  try {
    ignoreText = readFileSync(ignoreFile, 'utf8');
  } catch {
    // no .dockerignore: the whole folder is the context
  }
  const ignored = dockerignore(ignoreText);
  const target = path.resolve(workdir, dest);
  const intoFolder = dest.endsWith('/') || sources.length > 1;
  let count = 0;
  for (const source of sources) {
    if (/[*?[]/.test(source)) throw new Error(`COPY ${args}: wildcards are not supported by this test`);
    const relative = path.posix
      .normalize(source)
      .replace(/^\.\/?/, '')
      .replace(/\/$/, '');
    if (relative.startsWith('..')) throw new Error(`COPY ${args}: ${source} is outside the build context`);
    const from = path.join(context, relative);
    if (ignored(relative)) throw new Error(`COPY ${args}: ${source} is excluded by .dockerignore`);
    const stat = lstatSync(from);
    if (stat.isDirectory()) count += copyTree(from, target, relative, ignored);
    else count += copyTree(from, intoFolder ? path.join(target, path.basename(relative)) : target, relative, ignored);
  }
  return count;
}
