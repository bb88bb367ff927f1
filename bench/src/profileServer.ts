/**
 * `npm run bench:profile -w bench`: our server (SQLite) under the bench's load with `node
 * --cpu-prof`, to see where its time goes. Runs fan-out (50 editors), the cursor storm and the join
 * storm one after another (`--scenarios fan-out,cursors,join,boards` picks), prints the server's CPU seconds per scenario (and per message) and the
 * profile's top entries by self time, by function and by package. The profile is kept under
 * bench/results/profiles/ (open it in Chrome's DevTools). With `--window` the profile covers only
 * the measured part of the scenarios that mark it (boards: the connections, not creating the
 * boards): a module preloaded into the server starts and stops the inspector's profiler on SIGUSR2.
 * `--reference --window` profiles @y/websocket-server under the same load, for comparison.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cpuSeconds } from './procStats.js';
import { tmpdir } from 'node:os';
import { cursorStorm, fanOut, joinStorm, manyBoards, type MeasuredWindow } from './scenarios.js';
import { startOurs, startYWebsocketServer } from './targets.js';

process.setMaxListeners(0);
const outDir = path.resolve(import.meta.dirname, '../results/profiles');
mkdirSync(outDir, { recursive: true });
const before = new Set(readdirSync(outDir));

/** Preloaded into the server: SIGUSR2 starts the profiler, the next one writes the profile. */
const WINDOW_HOOK = `
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', async () => {
  const out = tmpdir() + '/qe-window-' + process.pid + '.cpuprofile';
  if (!running) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    running = true;
    writeFileSync(out + '.started', '');
  } else {
    const { profile } = await session.post('Profiler.stop');
    running = false;
    writeFileSync(out, JSON.stringify(profile));
  }
});
`;

function windowFile(pid: number): string {
  return path.join(tmpdir(), `qe-window-${pid}.cpuprofile`);
}

/** Signals the server's profiler and waits until it has answered (the hook writes a file). */
function measuredWindow(pid: number): MeasuredWindow {
  const signalled = async (file: string) => {
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 30_000;
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`the server's profiler did not answer (${file})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { start: () => signalled(`${windowFile(pid)}.started`), stop: () => signalled(windowFile(pid)) };
}

// `--reference`: the same load on @y/websocket-server, to compare its profile with ours
const reference = process.argv.includes('--reference');
// `--analyse <file>` only reads a profile written before
const analyse = process.argv.indexOf('--analyse');
let file = analyse >= 0 ? process.argv[analyse + 1] : undefined;
if (!file) {
  const windowed = process.argv.includes('--window');
  const nodeArgs = windowed ? [`--import=data:text/javascript,${encodeURIComponent(WINDOW_HOOK)}`] : ['--cpu-prof', `--cpu-prof-dir=${outDir}`];
  // the reference is stopped hard (it writes no profile on exit): its profile needs the window
  if (reference && !windowed) throw new Error('--reference needs --window');
  const target = reference ? await startYWebsocketServer(nodeArgs) : await startOurs('sqlite', 1, nodeArgs);
  const pid = target.pids()[0]!;
  const window = windowed ? measuredWindow(pid) : undefined;
  const cpuTable: Record<string, { 'server CPU s': number; messages: number; 'CPU µs per message': number; result: string }> = {};
  async function run(name: string, messages: number, scenario: () => Promise<unknown>) {
    const cpu = cpuSeconds(pid);
    const result = await scenario();
    const spent = cpuSeconds(pid) - cpu;
    cpuTable[name] = {
      'server CPU s': Math.round(spent * 100) / 100,
      messages,
      'CPU µs per message': Math.round((spent * 1e6) / messages),
      result: JSON.stringify(result),
    };
    console.error(`${name} done`);
  }
  // messages counted as the ones clients send: fan-out 50 editors × 1 writer's 200 updates go to 49 readers
  const scenarios = process.argv.includes('--scenarios') ? process.argv[process.argv.indexOf('--scenarios') + 1]!.split(',') : ['fan-out', 'cursors', 'join'];
  if (scenarios.includes('fan-out')) await run('fan-out 50 editors, 200 updates', 200, () => fanOut(target, 50, 0, 200, 20));
  if (scenarios.includes('cursors')) await run('cursor storm 60 × 30 Hz + 5 editors, 4 s', 60 * 30 * 5, () => cursorStorm(target, 60, 5, 30, 4));
  if (scenarios.includes('join')) await run('join storm 60 × 2,000 events', 60, () => joinStorm(target, 60, 2000, 1000));
  if (scenarios.includes('boards')) await run('200 boards × 5 clients (connections)', 1000, () => manyBoards(target, 200, 5, window));
  await target.stop();
  if (window) file = windowFile(pid);
  console.table(cpuTable);
  // the largest new profile is the main thread's (tsx's loader thread writes one too)
  file ??= readdirSync(outDir)
    .filter((name) => name.endsWith('.cpuprofile') && !before.has(name))
    .map((name) => path.join(outDir, name))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
}
if (!file) throw new Error('no profile written');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  // waiting is not work
  if (nodes.get(id)?.callFrame.functionName !== '(idle)') selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const packageOf = (url: string) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.includes('/server/src/')) return 'server/src';
  if (url.includes('/shared/src/')) return 'shared/src';
  if (url.includes('/templates/')) return 'templates';
  return url === '' ? '(native, gc, idle)' : url.startsWith('node:') ? 'node' : url;
};
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
  const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|src)\//, '')}:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + us);
}
const top = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([entry, us]) => ({ entry, 'self ms': Math.round(us / 1000), '%': Math.round((us / total) * 1000) / 10 }));
console.log(`profile: ${path.relative(process.cwd(), file)} (${Math.round(total / 1000)} ms sampled)`);
console.table(top(byPackage, 12));
console.table(top(byFunction, 30));
process.exit(0);
