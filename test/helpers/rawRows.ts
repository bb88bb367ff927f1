import pg from 'pg';

/**
 * Where `marker` stands in a PostgreSQL database as stored: `table.column` of every value (text,
 * bytes, JSON) that holds it in plain. Reads the tables directly, past the app's storage layer.
 */
export async function columnsContaining(url: string, marker: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = new Set<string>();
    const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'");
    for (const { name } of tables.rows) {
      for (const row of (await client.query<Record<string, unknown>>(`SELECT * FROM ${name}`)).rows) {
        for (const [column, value] of Object.entries(row)) {
          const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value ?? null));
          if (bytes.includes(marker)) found.add(`${name}.${column}`);
        }
      }
    }
    return [...found];
  } finally {
    await client.end();
  }
}
