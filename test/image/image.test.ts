import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, launchChromium, newPage } from '../helpers/browser.js';
import { copyFromContext, parseDockerfile, parseEnv, type Stage } from '../helpers/dockerfile.js';
import { freePort } from '../helpers/serverProcess.js';

/**
 * The production image, built without Docker (these machines have none): the Dockerfile's steps
 * are performed in an empty folder — what its COPY lines name (less .dockerignore), its RUN steps
 * (npm ci, the build, npm prune), then the server started from the pruned tree the way CMD does,
 * with the image's ENV — and the result is used: a board created over the API, its page loaded in
 * Chromium, a pre-flight and both report formats made by the report workers.
 * Takes minutes (npm ci compiles better-sqlite3); it runs after the other tests, on its own.
 * QE_SKIP_IMAGE_TEST=1 skips it on a developer machine; with CI=true that is an error.
 * QE_IMAGE_KEEP=1 keeps the folder for a look afterwards.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const ci = process.env.CI === 'true';
const skip = process.env.QE_SKIP_IMAGE_TEST === '1';
if (skip && ci) throw new Error('QE_SKIP_IMAGE_TEST=1 with CI=true: the image test must run in CI');
if (skip) console.warn('QE_SKIP_IMAGE_TEST=1: the production image test is skipped');

/** System steps the image does that this machine has done already (or that the test replaces). */
const SYSTEM_STEPS: { pattern: RegExp; why: string }[] = [
  { pattern: /^apt-get /, why: 'system packages (python3 make g++): installed on this machine' },
  { pattern: /^mkdir -p \/data && chown node:node \/data$/, why: 'the data volume: a temporary folder here' },
];

let work: string;
let app: string;
let dataDir: string;
let logDir: string;
let server: ChildProcess | undefined;
let serverLog: string;
let url: string;
let browser: Browser | undefined;
const timings: string[] = [];
/** the final stage's ENV and CMD */
let runtime: { env: Record<string, string>; cmd: string[]; healthcheck?: string };

/** A clean environment: the machine's PATH and npm setup, nothing from this test run (NODE_ENV=test …). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? 'C.UTF-8',
    TMPDIR: process.env.TMPDIR,
    // the npm cache of this machine, without asking the registry about what it holds already
    npm_config_prefer_offline: 'true',
    ...extra,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function runStep(command: string, env: NodeJS.ProcessEnv, log: string): Promise<void> {
  const started = Date.now();
  const out = createWriteStream(log);
  const child = spawn('sh', ['-c', command], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  out.end();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  timings.push(`RUN ${command}: ${seconds} s`);
  console.log(`RUN ${command}  (${seconds} s)`);
  if (code !== 0) throw new Error(`RUN ${command} failed (exit ${code}); last lines of ${log}:\n${tail(log)}`);
}

/** The build stage as Docker would run it, in `app`. */
async function build(stage: Stage): Promise<void> {
  const env: Record<string, string> = {};
  let step = 0;
  for (const { keyword, args, line } of stage.instructions) {
    switch (keyword) {
      case 'WORKDIR':
        expect(args, 'the test builds in one folder standing for /app').toBe('/app');
        break;
      case 'ENV':
        Object.assign(env, parseEnv(args));
        break;
      case 'COPY': {
        const files = copyFromContext(args, repoRoot, app);
        console.log(`COPY ${args}  (${files} files)`);
        break;
      }
      case 'RUN': {
        const system = SYSTEM_STEPS.find(({ pattern }) => pattern.test(args));
        if (system) {
          console.log(`RUN ${args}  — skipped: ${system.why}`);
          break;
        }
        await runStep(args, cleanEnv(env), path.join(logDir, `build-${++step}.log`));
        break;
      }
      default:
        throw new Error(`Dockerfile line ${line}: the image test does not know ${keyword} in the build stage; teach test/image/image.test.ts`);
    }
  }
}

/** The final stage: the pruned build folder becomes /app; its ENV and CMD are what the server gets. */
async function finalStage(stage: Stage, buildName: string): Promise<typeof runtime> {
  const env: Record<string, string> = {};
  let cmd: string[] | undefined;
  let healthcheck: string | undefined;
  for (const { keyword, args, line } of stage.instructions) {
    switch (keyword) {
      case 'ENV':
        Object.assign(env, parseEnv(args));
        break;
      case 'WORKDIR':
        expect(args).toBe('/app');
        break;
      case 'COPY':
        // the whole pruned build folder, as it is: the folder built above is that tree
        expect(args, `Dockerfile line ${line}: the image test knows COPY --from=${buildName} /app /app only`).toBe(`--from=${buildName} /app /app`);
        break;
      case 'RUN': {
        const system = SYSTEM_STEPS.find(({ pattern }) => pattern.test(args));
        if (system) console.log(`RUN ${args}  — skipped: ${system.why}`);
        else await runStep(args, cleanEnv(env), path.join(logDir, `final-${line}.log`));
        break;
      }
      case 'USER':
      case 'VOLUME':
      case 'EXPOSE':
        break;
      case 'HEALTHCHECK':
        healthcheck = /CMD\s+(.*)$/.exec(args)?.[1];
        break;
      case 'CMD':
        cmd = JSON.parse(args) as string[];
        break;
      default:
        throw new Error(`Dockerfile line ${line}: the image test does not know ${keyword} in the final stage; teach test/image/image.test.ts`);
    }
  }
  if (!cmd) throw new Error('the Dockerfile has no CMD (exec form) in its final stage');
  return { env, cmd, healthcheck };
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const threads = (pid: number) => readdirSync(`/proc/${pid}/task`).length;

/** Runs a command of the pruned tree (e.g. the token tool) with the server's environment. */
function inImage(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: app, env: cleanEnv({ ...runtime.env, DATA_DIR: dataDir }), encoding: 'utf8' }).trim();
}

const describeImage = skip ? describe.skip : describe;

describeImage('the production image (Dockerfile steps without Docker)', () => {
  let stages: Stage[];

  beforeAll(() => {
    stages = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
    work = mkdtempSync(path.join(tmpdir(), 'qe-image-'));
    app = path.join(work, 'app');
    dataDir = path.join(work, 'data');
    logDir = path.join(work, 'logs');
    for (const dir of [app, dataDir, logDir]) mkdirSync(dir);
    serverLog = path.join(logDir, 'server.log');
    console.log(`image test in ${work}, Node ${process.version} (the image: ${stages.map((stage) => stage.from).join(', ')})`);
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (timings.length > 0) console.log(`\nImage steps:\n  ${timings.join('\n  ')}`);
    if (process.env.QE_IMAGE_KEEP === '1') console.log(`kept: ${work}`);
    else if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds: npm ci, the build and npm prune succeed on exactly what the COPY lines name', async () => {
    expect(stages.length, 'a build stage and a runtime stage').toBe(2);
    const [buildStage, runStage] = stages as [Stage, Stage];
    expect(buildStage.name).toBeTruthy();
    expect(runStage.from, 'both stages on the same Node image').toBe(buildStage.from);
    await build(buildStage);
    runtime = await finalStage(runStage, buildStage.name!);
    expect(runtime.env.NODE_ENV).toBe('production');

    // what runs in production is there, the build tools are not
    expect(existsSync(path.join(app, 'client/dist/index.html'))).toBe(true);
    expect(readdirSync(path.join(app, 'client/dist/assets')).some((file) => file.endsWith('.js.br'))).toBe(true);
    expect(existsSync(path.join(app, 'server/dist/main.js'))).toBe(true);
    for (const tool of ['typescript', 'tsx', 'esbuild', 'vite', 'vitest', 'playwright-core']) {
      expect(existsSync(path.join(app, 'node_modules', tool)), `${tool} is not in the pruned tree`).toBe(false);
    }
    const size = execFileSync('du', ['-sm', path.join(app, 'node_modules')], { encoding: 'utf8' }).split('\t')[0];
    console.log(`pruned node_modules: ${size} MB`);
  });

  it('starts from the pruned tree as CMD does, serves a board and makes reports in its workers', async () => {
    expect(runtime, 'the build step ran').toBeDefined();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // the image's ENV, with the port and the data volume of this machine
    const env = cleanEnv({ ...runtime.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
    const [command, ...args] = runtime.cmd as [string, ...string[]];
    const out = createWriteStream(serverLog);
    const started = performance.now();
    server = spawn(command === 'node' ? process.execPath : command, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.pipe(out);
    server.stderr!.pipe(out);
    let healthyAfter: number | undefined;
    while (healthyAfter === undefined && performance.now() - started < 30_000) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${tail(serverLog)}`);
      try {
        if ((await fetch(`${url}/api/health`)).ok) healthyAfter = performance.now() - started;
      } catch {
        // not listening yet
      }
      if (healthyAfter === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (healthyAfter === undefined) throw new Error(`the server did not become healthy within 30 s:\n${tail(serverLog)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = rssMiB(server.pid!);

    // the image's HEALTHCHECK, pointed at this port
    if (runtime.healthcheck) {
      const check = runtime.healthcheck.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`);
      execFileSync('sh', ['-c', check], { cwd: app, env, timeout: 10_000 });
    }

    // a board over the API, with tokens from the image's own command-line tool
    const admin = inImage(['server/dist/cli/token.js', '--admin', '--name', 'Ada Admin']);
    const created = await fetch(`${url}/api/boards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Fallwerkstatt Image' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const moderator = inImage(['server/dist/cli/token.js', '--board', id, '--role', 'moderator', '--name', 'Mona Moderation']);

    browser = await launchChromium();
    const { page, requests } = await newPage(browser);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${url}/boards/${id}#token=${moderator}`);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 60_000 });
    await page.locator('.tl-canvas').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Fallwerkstatt Image' }).waitFor();
    expect(problems).toEqual([]);
    expect(foreignRequests(requests, url)).toEqual([]);
    const script = await fetch(`${url}${new URL(requests.find((request) => /\/assets\/index-.*\.js$/.test(request))!).pathname}`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(script.headers.get('content-encoding')).toBe('br');

    // pre-flight and both report formats: work done in the report workers of the compiled server
    const auth = { authorization: `Bearer ${moderator}` };
    const preflight = await fetch(`${url}/api/boards/${id}/preflight`, { headers: auth });
    expect(preflight.status).toBe(200);
    expect(await preflight.json()).toEqual({ hits: [], dismissed: [] });
    const pdf = await fetch(`${url}/api/boards/${id}/export?format=pdf&draft=1`, { headers: auth });
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const docx = await fetch(`${url}/api/boards/${id}/export?format=docx&draft=1`, { headers: auth });
    expect(docx.status).toBe(200);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const busyRss = rssMiB(server.pid!);
    const workerThreads = threads(server.pid!);

    console.log(
      `production server (${runtime.cmd.join(' ')}): healthy ${(healthyAfter / 1000).toFixed(2)} s after start; ` +
        `RSS ${idleRss.toFixed(0)} MiB idle, ${busyRss.toFixed(0)} MiB after a board page, a pre-flight and two exports (${workerThreads} threads)`,
    );
    timings.push(`server: healthy after ${(healthyAfter / 1000).toFixed(2)} s, RSS ${idleRss.toFixed(0)} MiB idle / ${busyRss.toFixed(0)} MiB after use`);

    // SIGTERM (docker stop) ends it cleanly
    const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
