// One benchmark process: `tcpflow import` of a capture file (scan + convert),
// printing its time (wall and CPU), the size of the flow it made and how many
// segments in it the capture missed.
import { convertConnection } from '../server/src/capture/convert';
import { scanCaptureFile } from '../server/src/capture/file';

async function main(): Promise<void> {
  const path = process.argv[2];
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const scan = await scanCaptureFile(path, (index) => index === 0);
  const text = convertConnection(scan.selected!, { source: path });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const uncaptured = text.match(/# not captured$/gm)?.length ?? 0;
  process.stdout.write(JSON.stringify({ ms, cpuMs, flowBytes: text.length, uncaptured, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

void main();
