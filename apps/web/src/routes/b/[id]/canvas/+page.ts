// tldraw is a browser-only React app mounted in onMount: nothing to render on the server.
export const ssr = false;
