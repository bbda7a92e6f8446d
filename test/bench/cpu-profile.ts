import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  /** Share of all samples, 0..1. */
  share: number;
}

export interface ProfileSummary {
  /** Self time by function, biggest first. */
  functions: ProfileEntry[];
  /** Self time by area, every one: a package, a src/ folder, node internals, GC, idle. */
  areas: ProfileEntry[];
  /** Share of samples not idle: how busy the process was. */
  busy: number;
}

/** Where a frame's code lives, coarse enough that the list reads as a budget. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(program)') return '(program)';
    return '(native)';
  }
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (packageMatch) {
    const name = packageMatch[1]!;
    if (name === 'graphql') return `graphql/${/node_modules\/graphql\/([^/]+)\//.exec(url)?.[1] ?? ''}`;
    return name;
  }
  if (url.startsWith('node:')) return url.startsWith('node:internal/deps/undici') ? 'node:undici (fetch)' : `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const src = /\/src\/(.+)\.[tj]s$/.exec(url);
  if (src) return `src/${src[1]!.split('/').slice(0, -1).join('/') || src[1]}`;
  return url;
}

/** Self time of a V8 .cpuprofile by function and by area; inclusive time is left to the tools that draw flame graphs. */
export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    if (area === '(idle)') idle += hits;
    const file = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/src\//, 'src/');
    const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  const ranked = (map: Map<string, number>, limit: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, hits]) => ({ name, share: hits / total }));
  return { functions: ranked(byFunction, top), areas: ranked(byArea, Number.POSITIVE_INFINITY), busy: 1 - idle / total };
}
