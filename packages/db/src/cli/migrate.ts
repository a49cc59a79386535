import { runMigrations } from '../migrate';

// `npm run db:migrate`: reads DATABASE_URL only, prints one line, exits non-zero on failure.
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/provisioner)\n');
  process.exit(2);
}
runMigrations(url).then(
  () => {
    process.stdout.write('migrations applied\n');
  },
  (err: unknown) => {
    process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
