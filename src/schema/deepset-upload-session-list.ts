import { builder } from '../builder.js';
import { validateWorkspace } from '../upstreams/session-ref.js';
import { AFTER_DESCRIPTION, connectionOf, connectionType, FIRST_DESCRIPTION, providerPages, sliceWindow, windowOf } from './connection.js';
import { DeepsetUploadSessionType, type DeepsetUploadSessionNode } from './deepset-upload-session.js';
import { upstreamCallOptions } from './upstream-call-options.js';

const DeepsetUploadSessionConnection = connectionType<DeepsetUploadSessionNode>(
  'DeepsetUploadSession',
  DeepsetUploadSessionType,
  "A workspace's upload sessions, newest first, as deepset Cloud pages them.",
);

builder.queryField('deepsetUploadSessions', (t) =>
  t.field({
    type: DeepsetUploadSessionConnection,
    description:
      "The workspace's upload sessions (`GET …/upload_sessions`). `isExpired` filters on expiry; left out, deepset's own default applies, which its documents do not state. Fields the list lacks (`ingestionStatus`, `documentationUrl`) are read per session when asked for.",
    // The list is one call (two when `after` is not a multiple of `first`), whatever the number of sessions in it.
    extensions: { sessionBudget: 'none' },
    args: {
      workspace: t.arg.string({ required: true }),
      isExpired: t.arg.boolean(),
      first: t.arg.int({ description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: async (_root, args, ctx) => {
      const workspace = validateWorkspace(args.workspace);
      const window = windowOf('DeepsetUploadSession', args.first, args.after);
      const options = upstreamCallOptions(ctx, 'DEEPSET', 'query');
      const pages = await Promise.all(
        providerPages(window).map((page) =>
          ctx.upstreams.lifecycle.DEEPSET.listUploadSessions(workspace, { limit: page.size, pageNumber: page.page, isExpired: args.isExpired ?? null }, options),
        ),
      );
      const items = sliceWindow(window, pages.flatMap((page) => page.items));
      return connectionOf('DeepsetUploadSession', window, items, pages[0]!.total, (item) => item && (() => item));
    },
  }),
);
