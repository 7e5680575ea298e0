// The system's Chromium (Debian's `chromium`), how the project drives it with
// playwright-core. Playwright gives every launch a fresh temporary profile.
export const CHROMIUM = process.env.TCPFLOW_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
