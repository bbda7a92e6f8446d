import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { ServerRole } from './server-host.js';
import { markdown, printSection, type Section } from './report.js';
import { settingsFrom, type BenchSettings } from './settings.js';

const USAGE = `npm run bench -- [scenario ...] [--quick] [--runs N] [--markdown FILE] [--role ROLE]

Scenarios (default: overhead fanout memory subscriptions):
  overhead       single session, gateway vs the no-GraphQL baseline, fixed and sandbox upstreams
  fanout         50 sessions over four providers, and 100 aliases of one session
  memory         gateway RSS after the single-session load (60 s; 10 s with --quick)
  subscriptions  1,000 subscribers, delivery, RSS per SSE subscription, churn
  execution      graphql-js vs graphql-jit on the bench queries, execution alone (in process)
  experiments    fast-path candidates priced against the baseline (not in the default set;
                 --only ROLE,ROLE to run some)
  profile        CPU profile of a server under load, summarized (--role gateway|baseline|plain-yoga...)
  economy        a 1,000-session flood against <P>_MAX_RPS=20, another client's queries, calls per 100 reads
  check          the CI regression check: exits 1 below the floor (docs/performance.md);
                 --role plain-yoga-no-cache shows it failing on a real regression

--quick     shorter runs (CI, a first look)
--runs N    each figure the median of N measured runs (default 5, 3 with --quick; not check)
--markdown  also write the figures as Markdown tables to FILE`;

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const named = args.filter((a, i) => !a.startsWith('--') && !['--markdown', '--role', '--only', '--runs'].includes(args[i - 1] ?? ''));
const scenarios = named.length > 0 ? named : ['overhead', 'fanout', 'memory', 'subscriptions'];
let settings: BenchSettings;
try {
  settings = settingsFrom(args);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const known = ['overhead', 'fanout', 'memory', 'subscriptions', 'execution', 'experiments', 'profile', 'check', 'economy'];
const unknown = scenarios.filter((s) => !known.includes(s));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}

console.log(`sessiongraph bench, ${settings.mode} mode, ${settings.runs} runs a figure, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const started = performance.now();
const sections: Section[] = [];
const report = (section: Section) => {
  printSection(section);
  sections.push(section);
};

for (const scenario of scenarios) {
  switch (scenario) {
    case 'overhead': {
      const { overheadScenario } = await import('./scenarios/overhead.js');
      report(await overheadScenario(settings, 'fixed'));
      report(await overheadScenario(settings, 'sandbox'));
      break;
    }
    case 'fanout': {
      const { fanOutScenario } = await import('./scenarios/fan-out.js');
      for (const section of await fanOutScenario(settings)) report(section);
      break;
    }
    case 'memory': {
      const { memoryScenario } = await import('./scenarios/memory.js');
      report(await memoryScenario(settings));
      break;
    }
    case 'subscriptions': {
      const { subscriptionsScenario } = await import('./scenarios/subscriptions.js');
      report(await subscriptionsScenario(settings));
      break;
    }
    case 'execution': {
      const { executionScenario } = await import('./scenarios/execution.js');
      report(await executionScenario(settings));
      break;
    }
    case 'experiments': {
      const { experimentsScenario } = await import('./scenarios/experiments.js');
      report(await experimentsScenario(settings, option('--only')?.split(',')));
      break;
    }
    case 'profile': {
      const { profileScenario } = await import('./scenarios/profile.js');
      report(await profileScenario(settings, (option('--role') ?? 'gateway') as ServerRole));
      break;
    }
    case 'economy': {
      const { economyScenario } = await import('./scenarios/economy.js');
      report(await economyScenario(settings));
      break;
    }
    case 'check': {
      const { regressionCheck } = await import('./scenarios/regression-check.js');
      const { section, passed } = await regressionCheck((option('--role') ?? 'gateway') as ServerRole);
      report(section);
      if (!passed) process.exitCode = 1;
      break;
    }
  }
}

const file = option('--markdown');
if (file) writeFileSync(file, `${markdown(sections)}\n`);
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
