import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { Representation } from './representation.js';

/**
 * GraphiQL from the package itself (no CDN), split so that a reload is cheap. render-graphiql inlines
 * its 9 MB of script, styles, Monaco workers and favicon into every page; here they are assets at
 * content-hashed URLs, cached by the browser for a year (a new bundle gets a new URL), and the page
 * that loads them is a few kilobytes with an ETag. Both are compressed when the browser accepts it.
 */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page carries this minute's example variables: the browser keeps it, but asks first. */
const REVALIDATE = 'no-cache';

interface Asset {
  path: string;
  representation: Representation;
}

interface GraphiQLAssets {
  script: Asset;
  style: Asset;
  /** An asset, or the package's own `href` when it is not a base64 data URL. */
  icon: Asset | string;
  byPath: ReadonlyMap<string, Asset>;
}

let assets: Promise<GraphiQLAssets> | undefined;

/**
 * Built on first use and shared by every app in the process (tests build many). The bundle module is
 * imported only then: its source and strings hold ~30 MB of heap for good once loaded, which a process
 * that never serves GraphiQL (production's default) should not carry.
 */
function graphiqlAssets(): Promise<GraphiQLAssets> {
  assets ??= import('@graphql-yoga/render-graphiql/graphiql').then(assetsOf);
  return assets;
}

function assetsOf(bundle: typeof import('@graphql-yoga/render-graphiql/graphiql')): GraphiQLAssets {
  // What render-graphiql's page does inline, as one classic script: workers from blobs, then the bundle.
  const script = asset(
    'graphiql',
    'js',
    'text/javascript; charset=utf-8',
    `(function () {
  function prepareBlob(workerContent) {
    return URL.createObjectURL(new Blob([workerContent], { type: 'application/javascript' }));
  }
  var workers = {
    editorWorkerService: prepareBlob(${JSON.stringify(bundle.editorWorkerService)}),
    json: prepareBlob(${JSON.stringify(bundle.jsonWorker)}),
    graphql: prepareBlob(${JSON.stringify(bundle.graphqlWorker)}),
  };
  self['MonacoEnvironment'] = {
    globalAPI: false,
    getWorkerUrl: function (moduleId, label) {
      return workers[label];
    },
  };
})();
${bundle.js};
`,
  );
  const style = asset('graphiql', 'css', 'text/css; charset=utf-8', bundle.css);
  const dataUrl = /^data:(image\/[\w.+-]+);base64,([A-Za-z0-9+/=]+)$/.exec(bundle.favicon);
  const icon =
    dataUrl?.[1] && dataUrl[2]
      ? asset('favicon', 'ico', dataUrl[1], Buffer.from(dataUrl[2], 'base64'))
      : bundle.favicon;
  const all = [script, style, ...(typeof icon === 'string' ? [] : [icon])];
  return { script, style, icon, byPath: new Map(all.map((entry) => [entry.path, entry])) };
}

function asset(name: string, extension: string, contentType: string, content: string | Uint8Array): Asset {
  const representation = new Representation(content, contentType, 'static');
  return { path: `${GRAPHIQL_ASSET_PREFIX}${name}-${representation.hash}.${extension}`, representation };
}

/** The page: links to the assets, and the one call that renders GraphiQL with our options. */
function graphiqlPage({ script, style, icon }: GraphiQLAssets, options: GraphiQLOptions): string {
  const iconHref = typeof icon === 'string' ? icon : icon.path;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${escapeHtml(iconHref)}" />
    <link rel="stylesheet" href="${style.path}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script src="${script.path}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

/**
 * Serves GraphiQL to a browser's GET of the GraphQL endpoint, and its assets. Runs in onRequest, before
 * client authentication: the page and its scripts hold nothing secret, and a browser sends no token
 * for them (GraphiQL's own requests carry whatever header the user adds).
 */
export function useGraphiQLPage(settings: {
  endpoint: string;
  options: () => GraphiQLOptions;
  logger: Logger;
}): Plugin {
  const { endpoint, logger } = settings;
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (request.method !== 'GET') return;
      let answer: Promise<Response | null> | undefined;
      if (url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) {
        answer = graphiqlAssets().then((all) => {
          const found = all.byPath.get(url.pathname);
          return found ? found.representation.respond(request, fetchAPI, IMMUTABLE) : null;
        });
      } else if (
        (url.pathname === endpoint || url.pathname === `${endpoint}/`) &&
        shouldRenderGraphiQL(request)
      ) {
        answer = graphiqlAssets().then((all) => {
          const page = new Representation(
            graphiqlPage(all, settings.options()),
            'text/html; charset=utf-8',
            'dynamic',
          );
          return page.respond(request, fetchAPI, REVALIDATE);
        });
      }
      if (!answer) return;
      // onRequest's rejections are not caught by the server adapter: a failure must still answer.
      return answer.then(
        (response) => {
          // No such asset: yoga goes on and answers its 404.
          if (response) endResponse(response);
        },
        (error: unknown) => {
          logger.error('GraphiQL could not be served', { path: url.pathname, error });
          endResponse(new fetchAPI.Response(null, { status: 500 }));
        },
      );
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON inside a <script>: `<` escaped so that no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
