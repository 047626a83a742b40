// Import rules for the workspace, checked by `./jb test` (`pnpm depcruise`): no import
// circles, apps import only packages, packages never import apps, and a package is
// imported by its name only (its `exports` entries), never by a path inside it.
// `.dependency-cruiser-known-violations.json` (from `depcruise-baseline`) lists the
// import circles not yet broken: RoomPeer in packages/sync (room ↔ room-presence,
// room ↔ update-broadcast) and test/bench report ↔ variant. Regenerate it after fixing.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: modules that can only be understood, loaded and tested together.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'app-imports-app',
      severity: 'error',
      comment: 'Apps are thin entry points; what two apps share belongs in a package.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'package-imports-app',
      severity: 'error',
      comment: 'Packages sit below the apps; an app may use a package, never the reverse.',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'deep-import-into-package',
      severity: 'error',
      comment:
        'Another package is reached by its name (its package.json `exports`), not by a file inside it.',
      from: { path: '^(apps|packages|test)/([^/]+)/' },
      to: {
        path: '^packages/([^/]+)/',
        pathNot: ['^packages/$2/', '^packages/[^/]+/src/(index|testing)[.]ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|build|[.]svelte-kit)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.svelte', '.d.ts'],
    },
  },
};
