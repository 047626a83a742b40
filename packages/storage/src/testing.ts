// `@journeyboard/storage/testing`: what tests of this and other packages use to make and
// drop throwaway PostgreSQL databases. Kept out of the main entry so production code
// cannot reach it by accident.
export { adminQuery, dropDatabaseWhenIdle } from './admin-query.ts';
export { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from './test-postgres.ts';
