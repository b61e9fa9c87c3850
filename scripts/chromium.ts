/**
 * Launches the system Chromium (Debian's `chromium` package at /usr/bin/chromium; puppeteer-core
 * never downloads a browser) headless with WebGPU enabled. On a machine without a GPU Chromium's
 * adapter is its own SwiftShader; `--enable-unsafe-webgpu` is needed and enough for
 * navigator.gpu.requestAdapter() to return it in the default headless mode. The other flags keep
 * a test browser quiet and off the network. Every launch gets a fresh profile directory, removed
 * on close. Used by the browser specs and the screenshot script.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const CHROMIUM_PATH = process.env.FLUXION_CHROMIUM ?? '/usr/bin/chromium';

/** True when the Chromium binary exists (CI installs it with apt when missing). */
export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

export const CHROMIUM_FLAGS = [
  '--no-sandbox', // root in a container: Chromium's sandbox cannot start there
  '--headless=new',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
] as const;

export interface LaunchedChromium {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts Chromium with the flags above and a fresh --user-data-dir.
 * @example const { browser, close } = await launchChromium(); const page = await browser.newPage(); await close();
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  if (!chromiumAvailable()) {
    throw new Error(`launchChromium: no Chromium at ${CHROMIUM_PATH}; install it (Debian: apt-get install -y chromium) ` +
      'or point FLUXION_CHROMIUM at a Chromium binary.');
  }
  const profile = await mkdtemp(join(tmpdir(), 'fluxion-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
    // The `headless: true` default would add its own headless flag; ours is in CHROMIUM_FLAGS.
    headless: false,
    defaultViewport: { width: 1200, height: 900 },
    protocolTimeout: 600_000,
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
