/**
 * `./jb backup [file]` and `./jb restore <file>`: reads DATA_DIR and DATABASE_URL like
 * the server does. The only side effects of the backup module live here.
 */
import {
  BackupError,
  backupDatabase,
  defaultBackupName,
  isPostgresUrl,
  restoreDatabase,
} from '../src/index.ts';

const [command, file] = process.argv.slice(2);
const source = {
  dataDir: process.env.DATA_DIR || 'data',
  databaseUrl: process.env.DATABASE_URL || undefined,
};

function usage(): never {
  console.error('usage: ./jb backup [file] | ./jb restore <file>   (reads DATA_DIR, DATABASE_URL)');
  process.exit(2);
}

try {
  if (command === 'backup') {
    const kind = source.databaseUrl && isPostgresUrl(source.databaseUrl) ? 'postgres' : 'sqlite';
    const result = await backupDatabase(source, file || defaultBackupName(kind));
    console.log(`backup written: ${result.file} (${result.kind}, ${result.bytes} bytes)`);
  } else if (command === 'restore') {
    if (!file) usage();
    const result = await restoreDatabase(source, file);
    const into = result.kind === 'sqlite' ? `data directory ${source.dataDir}` : 'DATABASE_URL';
    console.log(`restored ${result.file} into the ${into}`);
  } else {
    usage();
  }
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`[jb] ${command} failed: ${error.message}`);
  process.exit(1);
}
