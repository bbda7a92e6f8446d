/// <reference lib="dom" />
import type { SessionRowFragment } from '../gql/graphql.js';
import { execute } from './graphql-client.js';
import { CreateDeepsetUploadSessionMutation, ListDeepsetUploadSessionsQuery, ListKadoaCrawlSessionsQuery, StartKadoaCrawlMutation } from './operations.js';
import type { SessionEntry } from './session-input.js';
import { fillLabel } from './session-label.js';

/** A session to watch, with its snapshot when a create just returned it. */
export type ListedEntry = SessionEntry & { session?: SessionRowFragment };

interface ListedNode {
  id: string;
  sessionId: string;
  state: string;
}

interface ListPage {
  nodes: ListedNode[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

type Outcome = { __typename: 'CreateSessionSuccess'; session: SessionRowFragment } | { __typename: string; code: string; message: string };

/** Sessions per page of a list: small enough to read, the gateway allows up to 100. */
const PAGE_SIZE = 10;

const element = <T extends HTMLElement>(root: ParentNode, selector: string): T => root.querySelector(selector) as T;

/**
 * One provider's panel: a paged list with a Watch button per session, and a create form. Lists
 * come from the provider itself, so no id has to be pasted.
 */
function providerPanel(
  root: HTMLElement,
  options: {
    label: (node: ListedNode) => string;
    list: (after: string | null) => Promise<ListPage>;
    create: () => Promise<Outcome | undefined>;
    watch: (entries: ListedEntry[]) => void;
  },
): { load: () => Promise<void> } {
  const list = element<HTMLUListElement>(root, 'ul.listed');
  const more = element<HTMLButtonElement>(root, 'button[data-action="more"]');
  const total = element<HTMLElement>(root, '.list-total');
  const problem = element<HTMLElement>(root, '.list-problem');
  let cursor: string | null = null;

  const report = (message: string | null) => {
    problem.textContent = message ?? '';
    problem.hidden = message === null;
  };

  const show = (nodes: ListedNode[]) => {
    for (const node of nodes) {
      const item = document.createElement('li');
      item.dataset.sessionId = node.id;
      const name = document.createElement('code');
      fillLabel(name, options.label(node));
      const state = Object.assign(document.createElement('span'), { className: 'listed-state', textContent: ` ${node.state} ` });
      const watchButton = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Watch', className: 'secondary' });
      watchButton.dataset.action = 'watch';
      watchButton.addEventListener('click', () => options.watch([{ id: node.id, label: options.label(node) }]));
      item.append(name, state, watchButton);
      list.append(item);
    }
  };

  const page = async (after: string | null) => {
    try {
      const result = await options.list(after);
      if (after === null) list.replaceChildren();
      show(result.nodes);
      cursor = result.endCursor;
      more.hidden = !result.hasNextPage;
      total.textContent = `${result.totalCount} in all`;
      report(null);
    } catch (error) {
      report(error instanceof Error ? error.message : 'The list failed');
    }
  };

  more.addEventListener('click', () => void page(cursor));
  element<HTMLButtonElement>(root, 'button[data-action="list"]').addEventListener('click', () => void page(null));
  element<HTMLFormElement>(root, 'form').addEventListener('submit', (event) => {
    event.preventDefault();
    const submit = element<HTMLButtonElement>(root, 'button[data-action="create"]');
    submit.disabled = true;
    void (async () => {
      try {
        const outcome = await options.create();
        if (!outcome) throw new Error('The gateway refused the request');
        if ('session' in outcome) {
          // A created session is watched at once, and the list shows it on top.
          options.watch([{ id: outcome.session.id, label: options.label(outcome.session), session: outcome.session }]);
          await page(null);
        } else {
          report(`${outcome.code}. ${outcome.message}`);
        }
      } catch (error) {
        report(error instanceof Error ? error.message : 'The create failed');
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return { load: () => page(null) };
}

function firstError(errors: readonly { message: string }[] | undefined): Error {
  return new Error(errors?.[0]?.message ?? 'The gateway answered without data');
}

/** The "Your sessions" panels: deepset upload sessions and Kadoa crawls, the providers whose documents offer a list. */
export function createSessionLists(watch: (entries: ListedEntry[]) => void): void {
  const workspace = element<HTMLInputElement>(document, '#deepset-workspace');
  const startUrl = element<HTMLInputElement>(document, '#kadoa-url');
  const deepset = providerPanel(element(document, '#deepset-panel'), {
    label: (node) => `deepset:${workspace.value.trim()}/${node.sessionId}`,
    list: async (after) => {
      const result = await execute(ListDeepsetUploadSessionsQuery, { workspace: workspace.value.trim(), first: PAGE_SIZE, after });
      const connection = result.data?.deepsetUploadSessions;
      if (!connection) throw firstError(result.errors);
      return { nodes: connection.edges.map((edge) => edge.node), ...connection.pageInfo, totalCount: connection.totalCount };
    },
    create: async () => (await execute(CreateDeepsetUploadSessionMutation, { input: { workspace: workspace.value.trim() } })).data?.createDeepsetUploadSession,
    watch,
  });
  const kadoa = providerPanel(element(document, '#kadoa-panel'), {
    label: (node) => `kadoa:${node.sessionId}`,
    list: async (after) => {
      const result = await execute(ListKadoaCrawlSessionsQuery, { first: PAGE_SIZE, after });
      const connection = result.data?.kadoaCrawlSessions;
      if (!connection) throw firstError(result.errors);
      return { nodes: connection.edges.map((edge) => edge.node), ...connection.pageInfo, totalCount: connection.totalCount };
    },
    create: async () => (await execute(StartKadoaCrawlMutation, { input: { startUrls: [startUrl.value.trim()] } })).data?.startKadoaCrawl,
    watch,
  });
  void deepset.load();
  void kadoa.load();
}
